import type { DatabaseHandle } from "@kit/db";
import { createPostgresTestDb, describeWithPostgres, type TestDatabase } from "@kit/db/testing";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { deliverBooking } from "./booking-deliveries";
import { installedPartner } from "./session-fixtures";

const behindPooler = process.env.DATABASE_POOLER === "transaction";

/**
 * Each webhook's single statement runs prepared: Postgres parses it once per connection, and later deliveries only bind
 * and run it. Behind a transaction pooler nothing is named (the next transaction may run on another server connection).
 */
describeWithPostgres("webhook statements on Postgres", () => {
  let t: TestDatabase & { reopen: (maxConnections?: number) => Promise<DatabaseHandle> };
  let one: DatabaseHandle;
  beforeAll(async () => {
    t = await createPostgresTestDb();
    one = await t.reopen(1); // one connection: pg_prepared_statements below is that connection's
    await installedPartner(t.db, "inst-prep", { timezone: "UTC" });
  });
  afterAll(async () => {
    await one?.close();
    await t?.close();
  });

  it("prepares the booking statement once and reuses it for every delivery", async () => {
    for (const [i, code] of ["AAA111", "BBB222", "AAA111", "CCC333"].entries()) {
      await deliverBooking(one.db, "inst-prep", { code, startsAtUtc: "2026-12-14T17:00:00Z" }, new Date(Date.UTC(2026, 11, 1, 12, i)));
    }
    const named = (await one.db.execute(
      sql`select statement from pg_prepared_statements where statement like '%insert into "bookings"%' and not from_sql`,
    )) as unknown as { statement: string }[];
    expect(named.length).toBe(behindPooler ? 0 : 1);
    const [stored] = (await t.db.execute(
      sql`select (select count(*)::int from bookings) as bookings, (select count(*)::int from booking_events) as events,
        (select sum(delivery_count)::int from webhook_deliveries) as deliveries`,
    )) as unknown as { bookings: number; events: number; deliveries: number }[];
    expect(stored).toEqual({ bookings: 3, events: 4, deliveries: 4 });
  });
});
