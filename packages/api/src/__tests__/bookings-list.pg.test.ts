import { createPostgresTestDb, describeWithPostgres, type TestDatabase } from "@kit/db/testing";
import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import type { JobQueue } from "../jobs/job-queue";
import type { Logger } from "../logger";
import { countBookings, listBookings } from "../services/bookings";
import { upsertPartnerForInstallation } from "../services/partners";
import { processBookingDelivery } from "../webhooks/booking";
import { newSampleBooking, sampleBookingPayload } from "../webhooks/samples";

const silent: Logger = { info() {}, warn() {}, error() {} };

/** The list's prepared statements (unfiltered pages and count) and its built queries give the same answers on Postgres. */
describeWithPostgres("bookings list on Postgres", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createPostgresTestDb();
  });
  beforeEach(() => t.reset());
  afterAll(() => t?.close());

  async function deliver(installId: string, code: string, startsAtUtc: string | null, canceled = false) {
    const state = { ...newSampleBooking(new Date(), 1), id: `b_${code.toLowerCase()}`, displayId: `B-${code}` };
    const payload = sampleBookingPayload({ ...state, startsAtUtc: startsAtUtc ?? state.startsAtUtc, canceled, checkedIn: false });
    if (startsAtUtc === null) delete (payload.booking as Record<string, unknown>).startsAtUtc;
    const deps = {
      db: t.db,
      jobs: {} as JobQueue,
      logger: silent,
      clock: () => new Date(),
      userTokens: "admins" as const,
      fullCustomerAccess: false,
    };
    expect((await processBookingDelivery(deps, { installId, user: null, issuedAt: new Date() }, payload)).ok).toBe(true);
  }

  it("pages every booking once, with and without a filter, and counts them", async () => {
    const partner = await upsertPartnerForInstallation(t.db, {
      installId: "inst-pg",
      accountId: "acct-pg",
      name: "Partner pg",
      platform: "peek",
      isTest: false,
      installation: { status: "installed", display_version: "1.0.0", install_id: "inst-pg" },
      timezone: "America/Los_Angeles",
      apiUrl: null,
      eventAt: new Date("2026-01-01T00:00:00Z"),
    });
    await deliver("inst-pg", "AAA111", "2026-12-14T17:00:00Z");
    await deliver("inst-pg", "BBB222", "2026-12-14T17:00:00Z", true); // the same start: the id decides
    await deliver("inst-pg", "CCC333", "2026-12-15T18:00:00Z");
    await deliver("inst-pg", "DDD444", null);
    await deliver("inst-pg", "EEE555", null);

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
