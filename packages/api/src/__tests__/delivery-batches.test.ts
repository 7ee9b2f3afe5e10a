import { createTestDb, type TestDatabase } from "@kit/db/testing";
import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import { deliverConcurrentBookings, deliverConcurrentWaivers } from "./delivery-batch-scenarios";

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

it("waiver deliveries that arrive at once are stored in batches, each as if it had come alone", async () => {
  const { transactions, writingDeliveries } = await deliverConcurrentWaivers(t.db, { waivers: 20 });
  expect(transactions).toBeLessThan(writingDeliveries);
});
