import { createPostgresTestDb, describeWithPostgres, type TestDatabase } from "@kit/db/testing";
import { afterAll, beforeAll, expect, it } from "vitest";
import { deliverConcurrentBookings } from "./booking-batch-scenario";

/** Batches of booking deliveries running at once on several connections, locking the same bookings and inbox rows. */
describeWithPostgres("booking deliveries in batches on Postgres", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createPostgresTestDb();
  });
  afterAll(async () => {
    await t?.close();
  });

  it("stores 60 deliveries arriving at once, each as if it had come alone, in fewer commits", async () => {
    for (let round = 0; round < 3; round++) {
      await t.reset();
      const { transactions, writingDeliveries } = await deliverConcurrentBookings(t.db, { newBookings: 44, versions: 16 });
      expect(transactions).toBeLessThan(writingDeliveries);
    }
  });
});
