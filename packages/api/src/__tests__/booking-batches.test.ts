import { createTestDb, type TestDatabase } from "@kit/db/testing";
import { afterAll, beforeAll, expect, it } from "vitest";
import { deliverConcurrentBookings } from "./booking-batch-scenario";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => {
  await t.close();
});

it("booking deliveries that arrive at once are stored in batches, each as if it had come alone", async () => {
  const { transactions, writingDeliveries } = await deliverConcurrentBookings(t.db, { newBookings: 12, versions: 6 });
  expect(transactions).toBeLessThan(writingDeliveries);
});
