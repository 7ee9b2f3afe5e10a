import { createPostgresTestDb, describeWithPostgres, type TestDatabase } from "@kit/db/testing";
import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import { countBookings, listBookings } from "../services/bookings";
import { deliverBooking } from "./booking-deliveries";
import { installedPartner } from "./session-fixtures";

/** The list's prepared statements (unfiltered pages and count) and its built queries give the same answers on Postgres. */
describeWithPostgres("bookings list on Postgres", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createPostgresTestDb();
  });
  beforeEach(() => t.reset());
  afterAll(() => t?.close());

  it("pages every booking once, with and without a filter, and counts them", async () => {
    const partner = await installedPartner(t.db, "inst-pg", { timezone: "America/Los_Angeles", eventAt: new Date("2026-01-01T00:00:00Z") });
    await deliverBooking(t.db, "inst-pg", { code: "AAA111", startsAtUtc: "2026-12-14T17:00:00Z" });
    await deliverBooking(t.db, "inst-pg", { code: "BBB222", startsAtUtc: "2026-12-14T17:00:00Z", canceled: true }); // the same start: the id decides
    await deliverBooking(t.db, "inst-pg", { code: "CCC333", startsAtUtc: "2026-12-15T18:00:00Z" });
    await deliverBooking(t.db, "inst-pg", { code: "DDD444", startsAtUtc: null });
    await deliverBooking(t.db, "inst-pg", { code: "EEE555", startsAtUtc: null });

    const all = async (filter: { status?: "booked" }) => {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: Awaited<ReturnType<typeof listBookings>> = await listBookings(t.db, partner, { ...filter, limit: 1, cursor });
        seen.push(...page.items.map((b) => b.displayId));
        cursor = page.nextCursor;
      } while (cursor);
      return seen;
    };
    expect(await all({})).toEqual(["B-AAA111", "B-BBB222", "B-CCC333", "B-DDD444", "B-EEE555"]);
    expect(await all({ status: "booked" })).toEqual(["B-AAA111", "B-CCC333", "B-DDD444", "B-EEE555"]);
    expect(await countBookings(t.db, partner, {})).toBe(5);
    expect(await countBookings(t.db, partner, { status: "booked" })).toBe(4);
  });
});
