import { bookings, webhookDeliveries } from "@kit/db";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { installationBody, peekToken, postWebhook } from "./peek-fixtures";
import { useTestApp } from "./test-app";

const URL = "/peek-pro/api/on-booking-change";
const ctx = useTestApp();

const install = (status = "installed") => postWebhook(ctx.app, "/registry/api/on-installation-status-change", installationBody({ status }));
const booking = (overrides: Record<string, unknown> = {}) => ({
  booking: {
    id: "b_abc123",
    displayId: "B-ABC123",
    reservationStatus: "BOOKED",
    checkinStatus: "NONE",
    returnStatus: "NONE",
    startsAt: "2026-12-14T09:00:00",
    startsAtUtc: "2026-12-14T17:00:00Z",
    endsAtUtc: "2026-12-14T18:00:00Z",
    activitySnapshot: { id: "act-1", name: "Kayak tour", type: "ACTIVITY" },
    ...overrides,
  },
});
const send = async (body: unknown, installId = "install-123") => postWebhook(ctx.app, URL, body, await peekToken(installId));

describe("booking webhook", () => {
  it("stores the latest state of the booking for the partner and never echoes the payload", async () => {
    await install();
    const response = await send(booking());
    expect(response.statusCode).toBe(200);
    expect(response.body).toBe("Partner Demo park received a booking change");
    const rows = await ctx.t.db.select().from(bookings);
    expect(rows).toMatchObject([{ bookingId: "b_abc123", status: "booked", startsAt: new Date("2026-12-14T17:00:00Z") }]);
    expect(rows[0]?.data).toMatchObject({ bookingId: "b_abc123", displayId: "B-ABC123", productName: "Kayak tour" });

    const changed = await send(booking({ startsAtUtc: "2026-12-15T17:00:00Z", reservationStatus: "CANCELED" }));
    expect(changed.statusCode).toBe(200);
    const after = await ctx.t.db.select().from(bookings);
    expect(after).toHaveLength(1);
    expect(after[0]).toMatchObject({ status: "canceled", startsAt: new Date("2026-12-15T17:00:00Z") });
  });

  it("answers an unknown installation without writing anything", async () => {
    const response = await send(booking(), "install-unknown");
    expect(response.statusCode).toBe(200);
    expect(response.body).toBe("Unknown install ID");
    expect(await ctx.t.db.select().from(bookings)).toHaveLength(0);
    expect(await ctx.t.db.select().from(webhookDeliveries)).toHaveLength(0);
  });

  it("answers an uninstalled partner without storing the booking", async () => {
    await install("uninstalled");
    const response = await send(booking());
    expect(response.body).toBe("Installation is not active");
    expect(await ctx.t.db.select().from(bookings)).toHaveLength(0);
  });

  it("refuses a booking without an id with 400 (the original kit's own test payload)", async () => {
    await install();
    const original = { booking_id: "123", booking: { startsAt: "2023-12-14T09:00:00.000000", endsAt: "2023-12-14T10:00:00.000000" } };
    const response = await send(original);
    expect(response.statusCode).toBe(400);
    expect(response.json().error.fields).toEqual({ "booking.id": ["is required"] });
    expect(await ctx.t.db.select().from(bookings)).toHaveLength(0);
  });

  it.each<[string, unknown]>([
    ["a numeric id", { booking: { id: 123 } }],
    ["a value that is text", booking({ value: "x" })],
    ["tips as an object", booking({ tips: {} })],
    ["ticket quantities as an object", booking({ ticketQuantities: {} })],
    ["a guest that is null", booking({ bookingGuests: [null] })],
    ["an answer that is null", booking({ questionAnswers: [null] })],
    ["the booking as an array", { booking: [], id: "b_x", primaryGuest: { name: "Jane", email: "jane@example.com" } }],
    ["the booking as text", { booking: "b_x" }],
  ])("a body with %s: 400 (never 500), nothing stored; 200 for an unknown installation", async (_name, body) => {
    await install();
    const response = await send(body);
    expect(response.statusCode, response.body).toBe(400);
    expect(await ctx.t.db.select().from(bookings)).toHaveLength(0);
    expect(await ctx.t.db.$count(webhookDeliveries, eq(webhookDeliveries.kind, "booking"))).toBe(0);
    const unknown = await send(body, "install-unknown");
    expect(unknown.statusCode).toBe(200);
    expect(unknown.body).toBe("Unknown install ID");
  });

  it("reads an optional field of the wrong type as absent: the booking is stored without it", async () => {
    await install();
    const response = await send(booking({ displayId: 5, activitySnapshot: { id: "act-1", name: 7 }, primaryGuest: { name: 9 } }));
    expect(response.statusCode, response.body).toBe(200);
    expect(await ctx.t.db.select().from(bookings)).toMatchObject([
      { bookingId: "b_abc123", displayId: "", activityName: "", guestName: null, totalAmount: null },
    ]);
  });

  it.each<[string, () => Promise<string | null>]>([
    ["no token", async () => null],
    ["an invalid token", async () => "a.b.c"],
    ["a token signed with another secret", () => peekToken("install-123", { secret: "another-secret-0123456789abcdef0123" })],
  ])("401 for %s, never 500", async (_name, makeToken) => {
    await install();
    const response = await postWebhook(ctx.app, URL, booking(), await makeToken());
    expect(response.statusCode).toBe(401);
    expect(await ctx.t.db.select().from(bookings)).toHaveLength(0);
  });

  it("415 for a form body and 400 for malformed JSON or a non-object", async () => {
    await install();
    const token = await peekToken("install-123");
    const form = await ctx.app.inject({
      method: "POST",
      url: URL,
      headers: { "x-peek-auth": `Bearer ${token}`, "content-type": "application/x-www-form-urlencoded" },
      payload: "booking_id=1",
    });
    expect(form.statusCode).toBe(415);
    expect((await postWebhook(ctx.app, URL, "{nope", token)).statusCode).toBe(400);
    expect((await postWebhook(ctx.app, URL, "[1]", token)).statusCode).toBe(400);
  });
});
