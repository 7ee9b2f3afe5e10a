import { bookings, rowsOf } from "@kit/db";
import { createIsolatedTestDb, createTestDb, type TestDatabase } from "@kit/db/testing";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import { processBookingDelivery } from "../webhooks/booking";
import { newSampleBooking, sampleBookingPayload } from "../webhooks/samples";
import { webhookDeps } from "./booking-deliveries";
import { deliverConcurrentBookings, deliverConcurrentWaivers } from "./delivery-batch-scenarios";
import { installedPartner } from "./session-fixtures";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDb();
});
beforeEach(async () => {
  await t.reset();
});
afterAll(async () => {
  await t.close();
});

it("booking deliveries that arrive at once are stored in batches, each as if it had come alone", async () => {
  const { transactions, writingDeliveries } = await deliverConcurrentBookings(t.db, { newBookings: 12, versions: 6 });
  expect(transactions).toBeLessThan(writingDeliveries);
});

it("stores half an emoji in a batch as U+FFFD, as a text parameter would, instead of failing the batch", async () => {
  await installedPartner(t.db, "inst-emoji");
  const body = sampleBookingPayload(newSampleBooking(new Date("2026-11-01T00:00:00Z"), 5));
  (body.booking as Record<string, unknown>).displayId = "B-\ud83d";
  const result = await processBookingDelivery(webhookDeps(t.db), { installId: "inst-emoji", user: null, issuedAt: new Date() }, body);
  expect(result.ok).toBe(true);
  expect(await t.db.select({ displayId: bookings.displayId }).from(bookings)).toEqual([{ displayId: "B-\ufffd" }]);
});

it("waiver deliveries that arrive at once are stored in batches, each as if it had come alone", async () => {
  const { transactions, writingDeliveries } = await deliverConcurrentWaivers(t.db, { waivers: 20 });
  expect(transactions).toBeLessThan(writingDeliveries);
});

it("takes the instance's WEBHOOK_BATCHES_IN_FLIGHT: with as many as there are deliveries, each runs alone", async () => {
  const own = await createIsolatedTestDb();
  try {
    await installedPartner(own.db, "inst-alone");
    const [before] = rowsOf<{ xid: string }>(await own.db.execute(sql`select txid_current()::text as xid`));
    const deps = { ...webhookDeps(own.db), batchesInFlight: 8 };
    const bodies = Array.from({ length: 8 }, (_, i) => sampleBookingPayload(newSampleBooking(new Date("2026-11-01T00:00:00Z"), 100 + i)));
    const results = await Promise.all(
      bodies.map((body) => processBookingDelivery(deps, { installId: "inst-alone", user: null, issuedAt: new Date() }, body)),
    );
    const [after] = rowsOf<{ xid: string }>(await own.db.execute(sql`select txid_current()::text as xid`));
    expect(results.every((result) => result.ok)).toBe(true);
    expect(Number(after?.xid) - Number(before?.xid) - 1).toBe(8);
  } finally {
    await own.close();
  }
});
