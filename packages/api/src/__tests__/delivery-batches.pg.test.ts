import { createPostgresTestDb, describeWithPostgres, type TestDatabase } from "@kit/db/testing";
import { afterAll, beforeAll, expect, it } from "vitest";
import { deliverConcurrentBookings, deliverConcurrentWaivers } from "./delivery-batch-scenarios";

/** Batches of deliveries running at once on several connections, writing the same bookings, waivers and inbox rows. */
describeWithPostgres("webhook deliveries in batches on Postgres", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createPostgresTestDb();
  });
  afterAll(async () => {
    await t?.close();
  });

  it("stores 60 booking deliveries arriving at once, each as if it had come alone, in fewer commits", async () => {
    for (let round = 0; round < 3; round++) {
      await t.reset();
      const { transactions, writingDeliveries } = await deliverConcurrentBookings(t.db, { newBookings: 44, versions: 16 });
      expect(transactions).toBeLessThan(writingDeliveries);
    }
  });

  it("stores 60 waiver deliveries arriving at once, each as if it had come alone, in fewer commits", async () => {
    for (let round = 0; round < 3; round++) {
      await t.reset();
      const { transactions, writingDeliveries } = await deliverConcurrentWaivers(t.db, { waivers: 60 });
      expect(transactions).toBeLessThan(writingDeliveries);
    }
  });
});
