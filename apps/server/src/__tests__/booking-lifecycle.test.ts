import { bookingEvents, bookings, webhookDeliveries } from "@kit/db";
import { asc } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { installationBody, peekToken, postWebhook } from "./peek-fixtures";
import { testConfig, useTestApp } from "./test-app";

const URL = "/peek-pro/api/on-booking-change";
const install = (app: Parameters<typeof postWebhook>[0]) =>
  postWebhook(app, "/registry/api/on-installation-status-change", installationBody({}, { timezone: "America/Los_Angeles" }));

/** A booking as Peek's canonical selection delivers it, with a guest's contact details. */
const booking = (overrides: Record<string, unknown> = {}) => ({
  booking: {
    id: "B-ABC123", // a display-style id: the kit normalises it
    displayId: "B-ABC123",
    reservationStatus: "CONFIRMED",
    checkinStatus: "NONE",
    returnStatus: "NONE",
    startsAt: "2026-12-14T09:00:00",
    startsAtUtc: "2026-12-14T17:00:00Z",
    activitySnapshot: { id: "act-1", name: "Kayak tour", type: "ACTIVITY" },
    ticketQuantities: [{ quantity: 3, resourceOptionSnapshot: { id: "ro-1", name: "Adult" } }],
    primaryGuest: { id: "g1", name: "Sam Guest", email: "sam@guest.example", phone: "+15555550100" },
    bookingGuests: [{ id: "g1", name: "Sam Guest", email: "sam@guest.example", phone: "+15555550100" }],
    value: { total: { amount: "147.00", formatted: "$147.00" } },
    ...overrides,
  },
});

describe("booking broadcasts: created, updated, canceled", () => {
  const ctx = useTestApp();
  const send = async (body: unknown, signedAt: Date) => postWebhook(ctx.app, URL, body, await peekToken("install-123", { now: signedAt }));
  const timeline = () => ctx.t.db.select().from(bookingEvents).orderBy(asc(bookingEvents.eventAt));

  it("keeps the latest state and a timeline of what each delivery changed, the first one read as created", async () => {
    const now = new Date();
    await install(ctx.app);
    expect((await send(booking(), new Date(now.getTime() - 30_000))).statusCode).toBe(200);
    expect(
      (
        await send(
          booking({ ticketQuantities: [{ quantity: 4, resourceOptionSnapshot: { id: "ro-1", name: "Adult" } }] }),
          new Date(now.getTime() - 20_000),
        )
      ).statusCode,
    ).toBe(200);
    const canceled = await send(booking({ reservationStatus: "CANCELED" }), new Date(now.getTime() - 10_000));
    expect(canceled.body).toBe("Partner Demo park received a booking change");
    expect(await ctx.t.db.select().from(bookings)).toMatchObject([
      {
        bookingId: "b_abc123",
        displayId: "B-ABC123",
        status: "canceled",
        checkedIn: false,
        quantity: 3, // each delivery is the whole state: the cancel carries three tickets again
        totalAmount: "147.00",
        totalFormatted: "$147.00",
        activityName: "Kayak tour",
        guestName: "Sam Guest",
        startsAt: new Date("2026-12-14T17:00:00Z"),
      },
    ]);
    expect((await timeline()).map((e) => [e.event, e.status, e.quantity])).toEqual([
      ["created", "booked", 3],
      ["updated", "booked", 4],
      ["canceled", "canceled", 3],
    ]);
  });

  it("records an older delivery arriving late as stale, answers 200, and applies nothing", async () => {
    await install(ctx.app);
    const base = new Date(Date.now() - 60_000);
    await send(booking({ reservationStatus: "CANCELED" }), new Date(base.getTime() + 20_000));
    const late = await send(booking({ ticketQuantities: [{ quantity: 9, resourceOptionSnapshot: { id: "ro-1", name: "Adult" } }] }), base);
    expect(late.statusCode).toBe(200);
    expect(late.body).toMatch(/already has a newer state of booking b_abc123/);
    expect(await ctx.t.db.select({ status: bookings.status, quantity: bookings.quantity }).from(bookings)).toEqual([
      { status: "canceled", quantity: 3 },
    ]);
    expect(await timeline()).toHaveLength(1);
    const outcomes = (await ctx.t.db.select().from(webhookDeliveries)).filter((d) => d.kind === "booking").map((d) => d.outcome);
    expect(outcomes.sort()).toEqual(["accepted", "stale"]);
  });

  it("applies a redelivered booking change once: one timeline row, the inbox counts the second delivery", async () => {
    await install(ctx.app);
    const token = await peekToken("install-123", { now: new Date(Date.now() - 5_000) });
    const first = await postWebhook(ctx.app, URL, booking(), token);
    const again = await postWebhook(ctx.app, URL, booking(), token);
    expect([first.statusCode, again.statusCode]).toEqual([200, 200]);
    expect(again.body).toBe("Partner Demo park already has this booking change: nothing to update.");
    expect((await timeline()).map((e) => e.event)).toEqual(["created"]);
    const inbox = (await ctx.t.db.select().from(webhookDeliveries)).filter((d) => d.kind === "booking");
    expect(inbox.map((d) => [d.outcome, d.deliveryCount])).toEqual([["accepted", 2]]);
    // Another change signed in the same second is applied (ties go to the later receipt).
    const sameSecond = await postWebhook(ctx.app, URL, booking({ reservationStatus: "CANCELED" }), token);
    expect(sameSecond.body).toBe("Partner Demo park received a booking change");
    expect((await timeline()).map((e) => e.event)).toEqual(["created", "canceled"]);
  });

  it("keeps no guest contact details without full customer access: not in bookings, not in the inbox", async () => {
    await install(ctx.app);
    await send(booking(), new Date());
    const stored = JSON.stringify(await ctx.t.db.select().from(bookings));
    const inbox = JSON.stringify(await ctx.t.db.select().from(webhookDeliveries));
    for (const contact of ["sam@guest.example", "+15555550100"]) {
      expect(stored).not.toContain(contact);
      expect(inbox).not.toContain(contact);
    }
    expect(stored).toContain("Sam Guest");
  });

  it("normalises ids and refuses one that is not a booking id (400, nothing stored)", async () => {
    await install(ctx.app);
    expect((await send(booking({ id: "not an id!" }), new Date())).statusCode).toBe(400);
    expect(await ctx.t.db.$count(bookings)).toBe(0);
  });
});

describe("booking broadcasts with PEEK_FULL_CUSTOMER_ACCESS=true", () => {
  const ctx = useTestApp(() => ({ config: testConfig({ PEEK_FULL_CUSTOMER_ACCESS: "true" }) }));
  it("keeps the guest's contact details", async () => {
    await install(ctx.app);
    await postWebhook(ctx.app, URL, booking(), await peekToken("install-123"));
    const [row] = await ctx.t.db.select().from(bookings);
    expect(row?.data).toMatchObject({ customerEmail: "sam@guest.example", customerPhone: "+15555550100" });
  });
});
