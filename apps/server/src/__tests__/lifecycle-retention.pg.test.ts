import { purgePartnerData } from "@kit/api";
import { type DatabaseHandle, partners, partnerUserConnections, partnerUsers, rowsOf } from "@kit/db";
import { createPostgresTestDb, describeWithPostgres } from "@kit/db/testing";
import { eq, sql } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import { type LifecycleCaseContext, retentionCases, seedDueForPurge } from "./lifecycle-cases";
import { testClock } from "./lifecycle-fixtures";
import { buildTestApp } from "./test-app";

describeWithPostgres("retention on Postgres", () => {
  let t: Awaited<ReturnType<typeof createPostgresTestDb>>;
  let second: DatabaseHandle;
  let app: FastifyInstance;
  const clock = testClock();
  beforeAll(async () => {
    t = await createPostgresTestDb();
    second = await t.reopen(2);
    app = await buildTestApp(t, { clock: clock.now, runJobWorkers: false });
  });
  beforeEach(async () => {
    await t.reset();
    clock.set(new Date("2026-11-02T12:00:00Z"));
  });
  afterAll(async () => {
    await app?.close();
    await second?.close();
    await t?.close();
  });
  const ctx = (): LifecycleCaseContext => ({ t, app, clock, second: () => second.db });
  retentionCases(ctx);

  it("keeps a person who joins another partner while the purge runs: the orphan check sees that commit", async () => {
    const a = await seedDueForPurge(ctx());
    const [partner] = await t.db.select().from(partners).where(eq(partners.externalRefid, a.accountId));
    const [other] = await t.db.insert(partners).values({ name: "Other", externalRefid: "acct-other" }).returning();
    const [person] = await t.db.select().from(partnerUsers).where(eq(partnerUsers.email, a.email));
    if (!partner || !other || !person) throw new Error("seed");
    // Another instance connects the person to the other partner, and has not committed when the purge reaches them.
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    let connected = () => {};
    const inserted = new Promise<void>((resolve) => (connected = resolve));
    const joining = second.db.transaction(async (tx) => {
      await tx.insert(partnerUserConnections).values({ partnerUserId: person.id, partnerId: other.id });
      connected();
      await held;
    });
    await inserted;
    const purging = purgePartnerData(t.db, partner.id, clock.now());
    // The purge waits on the person's row lock, which the other instance's insert holds.
    const waitingOnLocks = async () =>
      Number(
        rowsOf<{ n: number | string }>(
          await second.db.execute(
            sql`select count(*) as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`,
          ),
        )[0]?.n ?? 0,
      );
    await expect.poll(waitingOnLocks, { timeout: 10_000, interval: 50 }).toBeGreaterThan(0);
    release();
    await joining;
    expect(await purging).toMatchObject({ partner_users: 0 });
    expect(await t.db.$count(partnerUsers, eq(partnerUsers.id, person.id))).toBe(1);
    expect(await t.db.$count(partnerUserConnections, eq(partnerUserConnections.partnerUserId, person.id))).toBe(1);
  });
});
