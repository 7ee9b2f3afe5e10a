import { newSampleBooking, sampleBookingPayload } from "@kit/api";
import { bookingEvents, bookings, webhookDeliveries } from "@kit/db";
import { describeWithPostgres } from "@kit/db/testing";
import { asc, eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { installationBody, peekToken, postWebhook } from "./peek-fixtures";
import { useTestApp } from "./test-app";

const URL = "/peek-pro/api/on-booking-change";

describeWithPostgres("booking webhook on Postgres under concurrency", () => {
  const ctx = useTestApp(() => ({}), { postgres: true });

  it("5 updates and a cancel of one booking, delivered at once and out of order, end with the latest state and a timeline of every applied change", async () => {
    for (let round = 0; round < 4; round++) {
      await ctx.t.reset();
      await postWebhook(ctx.app, "/registry/api/on-installation-status-change", installationBody());
      const base = Date.now() - 30_000;
      const state = newSampleBooking(new Date(), 42);
      // Signed a second apart, each with a different quantity; the last one cancels.
      const deliveries = await Promise.all(
        [1, 2, 3, 4, 5, 6].map(async (quantity, i) => ({
          quantity,
          body: sampleBookingPayload({ ...state, quantity, canceled: i === 5 }),
          token: await peekToken("install-123", { now: new Date(base + i * 1_000), ttlSeconds: 600 }),
        })),
      );
      const shuffled = [...deliveries].sort(() => Math.random() - 0.5);
      const responses = await Promise.all(shuffled.map((d) => postWebhook(ctx.app, URL, d.body, d.token)));
      expect(responses.map((r) => r.statusCode)).toEqual(Array(6).fill(200));

      expect(await ctx.t.db.select({ status: bookings.status, quantity: bookings.quantity }).from(bookings)).toEqual([
        { status: "canceled", quantity: 6 },
      ]);
      const timeline = await ctx.t.db.select().from(bookingEvents).orderBy(asc(bookingEvents.eventAt));
      const accepted = await ctx.t.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.outcome, "accepted"));
      const bookingAccepted = accepted.filter((d) => d.kind === "booking");
      // Every applied delivery is on the timeline, in the order Peek signed them, ending with the cancel.
      expect(timeline).toHaveLength(bookingAccepted.length);
      expect(timeline.map((e) => e.eventAt.getTime())).toEqual(
        bookingAccepted.map((d) => d.eventAt?.getTime()).sort((a, b) => (a ?? 0) - (b ?? 0)),
      );
      // The first delivery applied reads as created (if the cancel won the race, it is that one); the others by status.
      expect(timeline.at(-1)).toMatchObject({ status: "canceled", quantity: 6 });
      expect(timeline.map((e) => e.event)).toEqual(
        timeline.map((e, i) => (i === 0 ? "created" : e.status === "canceled" ? "canceled" : "updated")),
      );
      const stale = (await ctx.t.db.select().from(webhookDeliveries)).filter((d) => d.kind === "booking" && d.outcome === "stale");
      expect(bookingAccepted.length + stale.length).toBe(6);
    }
  });
});
