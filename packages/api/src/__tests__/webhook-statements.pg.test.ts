import type { DatabaseHandle } from "@kit/db";
import { createPostgresTestDb, describeWithPostgres, type TestDatabase } from "@kit/db/testing";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { JobQueue } from "../jobs/job-queue";
import type { Logger } from "../logger";
import { upsertPartnerForInstallation } from "../services/partners";
import { processBookingDelivery } from "../webhooks/booking";
import { newSampleBooking, sampleBookingPayload } from "../webhooks/samples";

const silent: Logger = { info() {}, warn() {}, error() {} };
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
    await upsertPartnerForInstallation(t.db, {
      installId: "inst-prep",
      accountId: "acct-prep",
      name: "Partner prep",
      platform: "peek",
      isTest: false,
      installation: { status: "installed", display_version: "1.0.0", install_id: "inst-prep" },
      timezone: "UTC",
      apiUrl: null,
      eventAt: new Date("2026-01-01T00:00:00Z"),
    });
  });
  afterAll(async () => {
    await one?.close();
    await t?.close();
  });

  async function deliver(code: string, eventAt: Date) {
    const state = { ...newSampleBooking(eventAt, 1), id: `b_${code.toLowerCase()}`, displayId: `B-${code}` };
    const deps = {
      db: one.db,
      jobs: {} as JobQueue,
      logger: silent,
      clock: () => eventAt,
      userTokens: "admins" as const,
      fullCustomerAccess: false,
    };
    const payload = sampleBookingPayload({ ...state, checkedIn: false, canceled: false });
    return processBookingDelivery(deps, { installId: "inst-prep", user: null, issuedAt: eventAt }, payload);
  }

  it("prepares the booking statement once and reuses it for every delivery", async () => {
    for (const [i, code] of ["AAA111", "BBB222", "AAA111", "CCC333"].entries()) {
      const result = await deliver(code, new Date(Date.UTC(2026, 11, 1, 12, i)));
      expect(result.ok).toBe(true);
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
