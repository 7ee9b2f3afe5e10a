import { DATA_MAP, exportPartnerData, purgePartnerData, runHousekeeping } from "@kit/api";
import { demoRecords, partners, rowsOf, webhookDeliveries } from "@kit/db";
import type { TestDatabase } from "@kit/db/testing";
import { eq, sql } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import { expect, it } from "vitest";
import { call, installationEvent, openInPeek, rowsHeldFor, seedPartner, type testClock } from "./lifecycle-fixtures";
import { peekToken, postWebhook } from "./peek-fixtures";

const silent = { info() {}, warn() {}, error() {} };
export const POLICY = { uninstallDays: 30, inboxDays: 90, jobArchiveDays: 7 };

export interface LifecycleCaseContext {
  t: TestDatabase;
  app: FastifyInstance;
  clock: ReturnType<typeof testClock>;
  /** A second database handle on the same database (a second instance), when the driver has one. */
  second: () => TestDatabase["db"];
}

const housekeeping = (ctx: LifecycleCaseContext, db = ctx.t.db) => runHousekeeping(db, ctx.clock.now(), POLICY, silent);

/** A seeded partner, uninstalled a day later and left past the retention period: due for the purge. */
export async function seedDueForPurge(ctx: LifecycleCaseContext) {
  const a = await seedPartner(ctx.app, "inst-a", ctx.clock.now());
  ctx.clock.advanceDays(1);
  expect((await installationEvent(ctx.app, a, "uninstalled", ctx.clock.now())).statusCode).toBe(200);
  ctx.clock.advanceDays(POLICY.uninstallDays + 1);
  return a;
}

/** The uninstall → retention → deletion cases, run on PGlite and on Postgres. */
export function retentionCases(get: () => LifecycleCaseContext) {
  it("keeps everything for 29 days after an uninstall, and a reinstall within the window gets it back untouched", async () => {
    const ctx = get();
    const start = ctx.clock.now();
    const a = await seedPartner(ctx.app, "inst-a", start);
    const before = await rowsHeldFor(ctx.t.db, a);
    for (const { table } of DATA_MAP) expect.soft(before[table], `${table} seeded`).toBeGreaterThan(0);

    ctx.clock.advanceDays(1);
    expect((await installationEvent(ctx.app, a, "uninstalled", ctx.clock.now())).statusCode).toBe(200);
    // Sessions end at once; nothing else goes yet.
    expect((await call(ctx.app, a.session, "partners.me", undefined, "query")).status).toBe(401);
    const afterUninstall = await rowsHeldFor(ctx.t.db, a);
    expect(afterUninstall.sessions).toBe(0);

    ctx.clock.advanceDays(29);
    const ran = await housekeeping(ctx);
    expect(ran["uninstalled-partners"]).toEqual({ partners: 0 });
    // Everything is kept but the sign-in link, which expired within the hour (housekeeping removes expired links).
    expect(await rowsHeldFor(ctx.t.db, a)).toEqual({ ...afterUninstall, login_tokens: 0 });

    expect((await installationEvent(ctx.app, a, "installed", ctx.clock.now())).statusCode).toBe(200);
    const [partner] = await ctx.t.db.select().from(partners).where(eq(partners.externalRefid, a.accountId));
    expect(partner?.uninstalledAt).toBeNull();
    ctx.clock.advanceDays(5);
    await housekeeping(ctx);
    const restored = await rowsHeldFor(ctx.t.db, a);
    expect({ ...restored, webhook_deliveries: 0 }).toEqual({ ...afterUninstall, webhook_deliveries: 0, login_tokens: 0 });
    // The inbox has the reinstall too (a new row, or the first install's counted once more: same body).
    expect(restored.webhook_deliveries).toBeGreaterThanOrEqual(afterUninstall.webhook_deliveries ?? 0);
  });

  it("31 days after an uninstall, deletes every row of the partner table by table, keeps a tombstone and leaves other partners alone", async () => {
    const ctx = get();
    const start = ctx.clock.now();
    const a = await seedPartner(ctx.app, "inst-a", start);
    const b = await seedPartner(ctx.app, "inst-b", start);
    const bBefore = await rowsHeldFor(ctx.t.db, b);
    const uninstalledAt = new Date(start.getTime() + 60_000);
    ctx.clock.set(uninstalledAt);
    expect((await installationEvent(ctx.app, a, "uninstalled", uninstalledAt)).statusCode).toBe(200);

    ctx.clock.advanceDays(31);
    const ran = await housekeeping(ctx);
    expect(ran["uninstalled-partners"]).toEqual({ partners: 1 });
    const after = await rowsHeldFor(ctx.t.db, a);
    for (const { table } of DATA_MAP) expect.soft(after[table], `${table} after the purge`).toBe(0);
    // The other partner keeps everything but what expires anyway (its sessions and sign-in links, a month old).
    expect(await rowsHeldFor(ctx.t.db, b)).toEqual({ ...bBefore, sessions: 0, login_tokens: 0 });
    expect(ran.sessions?.sessions).toBeGreaterThan(0);
    expect(ran["login-tokens"]?.login_tokens).toBeGreaterThan(0);

    const [tombstone] = await ctx.t.db.select().from(partners).where(eq(partners.externalRefid, a.accountId));
    expect(tombstone).toMatchObject({
      name: "(purged)",
      appRegistryInstallationRefid: "inst-a",
      purgedAt: ctx.clock.now(),
      uninstalledAt,
      lifecycleEventAt: new Date(Math.floor(uninstalledAt.getTime() / 1000) * 1000),
    });
    expect(tombstone?.purgeCounts).toMatchObject({ bookings: 1, demo_records: 1, partner_users: 1, waivers: 1 });

    // Run again: nothing more to do.
    expect((await housekeeping(ctx))["uninstalled-partners"]).toEqual({ partners: 0 });
  });

  it("answers late webhooks for a purged partner as documented, storing nothing, and takes a reinstall as a new start", async () => {
    const ctx = get();
    const start = ctx.clock.now();
    const a = await seedPartner(ctx.app, "inst-a", start);
    ctx.clock.advanceDays(1);
    const uninstallAt = ctx.clock.now();
    await installationEvent(ctx.app, a, "uninstalled", uninstallAt);
    ctx.clock.advanceDays(31);
    await housekeeping(ctx);

    // A booking change for the purged installation: 200 (Peek stops redelivering), not stored.
    const booking = await postWebhook(
      ctx.app,
      "/peek-pro/api/on-booking-change",
      { booking: { id: "b_late01" } },
      await peekToken(a.installId, { now: ctx.clock.now() }),
    );
    expect(booking.statusCode).toBe(200);
    // Peek redelivering the uninstall: 200, and neither its body nor the account's name comes back.
    const redelivered = await installationEvent(ctx.app, a, "uninstalled", ctx.clock.now());
    expect(redelivered.statusCode).toBe(200);
    expect(redelivered.body).toBe("This installation was uninstalled and its data deleted: nothing to update.");
    expect(await ctx.t.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.installId, a.installId))).toEqual([]);
    const [tombstone] = await ctx.t.db.select().from(partners).where(eq(partners.externalRefid, a.accountId));
    expect(tombstone?.name).toBe("(purged)");
    expect(Object.values(await rowsHeldFor(ctx.t.db, a)).every((n) => n === 0)).toBe(true);

    // A real reinstall (a new installation id, the same Peek account): the same partner row, its name back, empty data.
    const again = { ...a, installId: "inst-a2" };
    expect((await installationEvent(ctx.app, again, "installed", ctx.clock.now())).statusCode).toBe(200);
    const rows = await ctx.t.db.select().from(partners).where(eq(partners.externalRefid, a.accountId));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ name: `Account ${a.accountId}`, appRegistryInstallationRefid: "inst-a2", uninstalledAt: null });
    expect((await housekeeping(ctx))["uninstalled-partners"]).toEqual({ partners: 0 });
  });

  it("exports every table of the data map for a seeded partner (no token hashes); export → purge → export is empty", async () => {
    const ctx = get();
    const a = await seedPartner(ctx.app, "inst-a", ctx.clock.now());
    await seedPartner(ctx.app, "inst-b", ctx.clock.now());
    const [partner] = await ctx.t.db.select().from(partners).where(eq(partners.externalRefid, a.accountId));
    if (!partner) throw new Error("no partner");
    const held = await rowsHeldFor(ctx.t.db, a);
    const exported = (await exportPartnerData(ctx.t.db, partner.id)) as { partner: { id: string }; tables: Record<string, unknown[]> };
    expect(exported.partner.id).toBe(partner.id);
    expect(Object.keys(exported.tables).sort()).toEqual(DATA_MAP.map((entry) => entry.table).sort());
    for (const { table } of DATA_MAP) expect.soft(exported.tables[table]?.length, table).toBe(held[table]);
    const text = JSON.stringify(exported);
    expect(text).not.toContain("token_hash");
    expect(text).not.toContain("inst-b");

    const counts = await purgePartnerData(ctx.t.db, partner.id, ctx.clock.now());
    expect(counts).toMatchObject({ demo_records: 1, bookings: 1 });
    const after = (await exportPartnerData(ctx.t.db, partner.id)) as { tables: Record<string, unknown[]> };
    expect(Object.values(after.tables).every((rows) => rows.length === 0)).toBe(true);
    // Still installed: purged again, it deletes what it has gathered since, and nothing when there is nothing.
    expect(Object.values((await purgePartnerData(ctx.t.db, partner.id, ctx.clock.now())) ?? { none: 1 }).every((n) => n === 0)).toBe(true);
    const again = await openInPeek(ctx.app, a.installId, { id: "u-again", email: "again@example.com", name: "Again" }, ctx.clock.now());
    expect((await call(ctx.app, again, "demo.create", { name: "Since", status: "draft" })).status).toBe(200);
    expect(await purgePartnerData(ctx.t.db, partner.id, ctx.clock.now())).toMatchObject({ demo_records: 1 });
  });

  it("two instances running the housekeeping at once delete a partner once", async () => {
    const ctx = get();
    const a = await seedDueForPurge(ctx);
    const [one, two] = await Promise.all([housekeeping(ctx), housekeeping(ctx, ctx.second())]);
    expect((one?.["uninstalled-partners"]?.partners ?? 0) + (two?.["uninstalled-partners"]?.partners ?? 0)).toBe(1);
    for (const [table, n] of Object.entries(await rowsHeldFor(ctx.t.db, a))) expect.soft(n, table).toBe(0);
  });

  it("deletes the inbox rows of every installation id the partner had, its earlier ones (before a reinstall) included", async () => {
    const ctx = get();
    const a = await seedPartner(ctx.app, "inst-a", ctx.clock.now());
    const again = { ...a, installId: "inst-a-again" };
    ctx.clock.advanceDays(1);
    expect((await installationEvent(ctx.app, a, "uninstalled", ctx.clock.now())).statusCode).toBe(200);
    ctx.clock.advanceDays(1);
    expect((await installationEvent(ctx.app, again, "installed", ctx.clock.now())).statusCode).toBe(200);
    const [partner] = await ctx.t.db.select().from(partners).where(eq(partners.externalRefid, a.accountId));
    const exported = (await exportPartnerData(ctx.t.db, partner?.id ?? "")) as { tables: Record<string, { install_id: string }[]> };
    expect(new Set(exported.tables.webhook_deliveries?.map((row) => row.install_id))).toEqual(new Set(["inst-a", "inst-a-again"]));
    expect((await rowsHeldFor(ctx.t.db, a)).webhook_deliveries).toBeGreaterThan(1);

    ctx.clock.advanceDays(1);
    expect((await installationEvent(ctx.app, again, "uninstalled", ctx.clock.now())).statusCode).toBe(200);
    ctx.clock.advanceDays(31);
    expect((await housekeeping(ctx))["uninstalled-partners"]).toEqual({ partners: 1 });
    expect((await rowsHeldFor(ctx.t.db, a)).webhook_deliveries).toBe(0);
    expect((await rowsHeldFor(ctx.t.db, again)).webhook_deliveries).toBe(0);
  });

  it("keeps a late installation's deliveries, under an id the partner never held as current, with the partner for export and purge", async () => {
    const ctx = get();
    const start = ctx.clock.now();
    const a = await seedPartner(ctx.app, "inst-a", start);
    const at = (seconds: number) => new Date(start.getTime() + seconds * 1000);
    ctx.clock.set(at(300));
    // Peek's order: A uninstalled, B installed, B uninstalled, C installed; B's two deliveries arrive last (retried).
    expect((await installationEvent(ctx.app, a, "uninstalled", at(60))).statusCode).toBe(200);
    expect((await installationEvent(ctx.app, { ...a, installId: "inst-c" }, "installed", at(240))).statusCode).toBe(200);
    expect((await installationEvent(ctx.app, { ...a, installId: "inst-b" }, "installed", at(120))).statusCode).toBe(200);
    expect((await installationEvent(ctx.app, { ...a, installId: "inst-b" }, "uninstalled", at(180))).statusCode).toBe(200);
    const underB = () => ctx.t.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.installId, "inst-b"));
    expect((await underB()).map((row) => row.outcome)).toEqual(["stale", "stale"]);
    const [partner] = await ctx.t.db.select().from(partners).where(eq(partners.externalRefid, a.accountId));
    const exported = (await exportPartnerData(ctx.t.db, partner?.id ?? "")) as { tables: Record<string, { install_id: string }[]> };
    expect(new Set(exported.tables.webhook_deliveries?.map((row) => row.install_id))).toEqual(new Set(["inst-a", "inst-b", "inst-c"]));

    expect((await installationEvent(ctx.app, { ...a, installId: "inst-c" }, "uninstalled", at(300))).statusCode).toBe(200);
    ctx.clock.advanceDays(POLICY.uninstallDays + 1);
    expect((await housekeeping(ctx))["uninstalled-partners"]).toEqual({ partners: 1 });
    expect(await underB()).toEqual([]);
  });

  it("purges, on request, what a partner reinstalled after an earlier purge holds since", async () => {
    const ctx = get();
    const a = await seedDueForPurge(ctx);
    expect((await housekeeping(ctx))["uninstalled-partners"]).toEqual({ partners: 1 });
    const again = { ...a, installId: "inst-a2" };
    expect((await installationEvent(ctx.app, again, "installed", ctx.clock.now())).statusCode).toBe(200);
    const session = await openInPeek(ctx.app, "inst-a2", { id: "u-2", email: "new@example.com", name: "New" }, ctx.clock.now());
    expect((await call(ctx.app, session, "demo.create", { name: "After", status: "draft" })).status).toBe(200);
    const [partner] = await ctx.t.db.select().from(partners).where(eq(partners.externalRefid, a.accountId));
    expect(await purgePartnerData(ctx.t.db, partner?.id ?? "", ctx.clock.now())).toMatchObject({ demo_records: 1 });
    expect(await ctx.t.db.$count(demoRecords, eq(demoRecords.partnerId, partner?.id ?? ""))).toBe(0);
  });

  it("tells Peek the setup status a reinstalled partner kept, under its new installation id", async () => {
    const ctx = get();
    const a = await seedPartner(ctx.app, "inst-a", ctx.clock.now());
    const [before] = await ctx.t.db.select().from(partners).where(eq(partners.externalRefid, a.accountId));
    expect(before?.setupStatus).not.toBe("not_started");
    ctx.clock.advanceDays(1);
    expect((await installationEvent(ctx.app, a, "uninstalled", ctx.clock.now())).statusCode).toBe(200);
    ctx.clock.advanceDays(1);
    expect((await installationEvent(ctx.app, { ...a, installId: "inst-a2" }, "installed", ctx.clock.now())).statusCode).toBe(200);
    const reports = rowsOf<{ install_id: string; status: string }>(
      await ctx.t.db.execute(
        sql`select data->>'installId' as install_id, data->>'status' as status from pgboss.job where name = 'peek.configuration-status'`,
      ),
    );
    expect(reports).toContainEqual({ install_id: "inst-a2", status: before?.setupStatus });
  });

  it("checks on the locked row that a partner the job picked is still due: reinstalled or uninstalled again since, it keeps its data", async () => {
    const ctx = get();
    const a = await seedDueForPurge(ctx);
    const [partner] = await ctx.t.db.select().from(partners).where(eq(partners.externalRefid, a.accountId));
    if (!partner) throw new Error("no partner");
    // The job's cutoff when it picked the partner as due; the partner reinstalls before the job reaches it.
    const cutoff = new Date(ctx.clock.now().getTime() - POLICY.uninstallDays * 86_400_000);
    expect((await installationEvent(ctx.app, a, "installed", ctx.clock.now())).statusCode).toBe(200);
    const installed = await rowsHeldFor(ctx.t.db, a);
    expect(await purgePartnerData(ctx.t.db, partner.id, ctx.clock.now(), { uninstalledBefore: cutoff })).toBeNull();
    expect(await rowsHeldFor(ctx.t.db, a)).toEqual(installed);

    // Uninstalled again: its 30 days start over, so the same cutoff still finds it not due.
    ctx.clock.advanceDays(1);
    expect((await installationEvent(ctx.app, a, "uninstalled", ctx.clock.now())).statusCode).toBe(200);
    const uninstalled = await rowsHeldFor(ctx.t.db, a);
    expect(uninstalled.demo_records).toBeGreaterThan(0);
    expect(await purgePartnerData(ctx.t.db, partner.id, ctx.clock.now(), { uninstalledBefore: cutoff })).toBeNull();
    expect(await rowsHeldFor(ctx.t.db, a)).toEqual(uninstalled);
  });
}
