import { auditLog, housekeepingRuns, partners, rowsOf, sessions, webhookDeliveries } from "@kit/db";
import { createTestDb, type TestDatabase } from "@kit/db/testing";
import { DEFAULT_CONFIGURATION_STATUS_VALUES } from "@kit/peek";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createJobQueue, type JobQueue } from "../jobs/job-queue";
import { HOUSEKEEPING_TASKS, runHousekeeping } from "../lifecycle/housekeeping";
import { lifecycleJobHandlers } from "../lifecycle/job-handlers";
import { overallStatus } from "../lifecycle/setup";
import { computeCustomMetrics } from "../lifecycle/usage-metrics";
import type { Logger } from "../logger";
import { partnerCaller } from "./session-fixtures";

const silent: Logger = { info() {}, warn() {}, error() {} };
let t: TestDatabase;
let jobs: JobQueue;
beforeAll(async () => {
  t = await createTestDb();
  jobs = createJobQueue(t, { logger: silent });
  await jobs.start(null); // enqueue only: the tests read what was queued
});
beforeEach(() => t.reset());
afterAll(async () => {
  await jobs.stop();
  await t.close();
});

const queued = async (partnerId: string) =>
  rowsOf<{ status: string }>(
    await t.db.execute(
      sql`select data->>'status' as status from pgboss.job where name = 'peek.configuration-status' and data->>'partnerId' = ${partnerId} order by created_on, id`,
    ),
  ).map((row) => row.status);

describe("setup status", () => {
  it("is computed from the steps whatever their order, and each change of the overall status queues one report to Peek", async () => {
    expect([overallStatus(0, 2), overallStatus(1, 2), overallStatus(2, 2)]).toEqual(["not_started", "in_progress", "complete"]);
    // Manual step first, then the automatic one.
    const a = await partnerCaller(t.db, "inst-a", { jobs });
    expect(await a.caller.partners.setupStatus()).toMatchObject({
      status: "not_started",
      steps: [
        { id: "first_record", done: false, manual: false, doneAt: null },
        { id: "reviewed_settings", done: false, manual: true, doneAt: null },
      ],
    });
    expect((await a.caller.partners.completeSetupStep({ id: "reviewed_settings" })).status).toBe("in_progress");
    expect((await a.caller.partners.completeSetupStep({ id: "reviewed_settings" })).status).toBe("in_progress"); // twice: no change
    await a.caller.demo.create({ name: "First", status: "draft" });
    const done = await a.caller.partners.setupStatus();
    expect(done.status).toBe("complete");
    expect(done.steps.every((step) => step.done && step.doneAt instanceof Date)).toBe(true);
    await a.caller.demo.create({ name: "Second", status: "draft" });
    expect(await queued(a.partner.id)).toEqual(["in_progress", "complete"]);

    // The automatic step first (detected from the data), then the manual one.
    const b = await partnerCaller(t.db, "inst-b", { jobs });
    await b.caller.demo.create({ name: "First", status: "draft" });
    expect((await b.caller.partners.setupStatus()).status).toBe("in_progress");
    expect((await b.caller.partners.completeSetupStep({ id: "reviewed_settings" })).status).toBe("complete");
    expect(await queued(b.partner.id)).toEqual(["in_progress", "complete"]);
    const [stored] = await t.db.select({ status: partners.setupStatus }).from(partners).where(eq(partners.id, b.partner.id));
    expect(stored?.status).toBe("complete");
  });

  it("refuses an unknown step and an automatic one with BAD_REQUEST, changing nothing", async () => {
    const { caller, partner } = await partnerCaller(t.db, "inst-a", { jobs });
    await expect(caller.partners.completeSetupStep({ id: "nope" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(caller.partners.completeSetupStep({ id: "first_record" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(caller.partners.completeSetupStep({ id: "" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect((await caller.partners.setupStatus()).status).toBe("not_started");
    expect(await queued(partner.id)).toEqual([]);
  });
});

describe("settings", () => {
  it("are the schema's defaults for a new partner; an admin saves a valid update, recorded in the audit log with before and after", async () => {
    const admin = await partnerCaller(t.db, "inst-a", { isAdmin: true });
    expect(await admin.caller.partners.settings()).toEqual({
      settings: { notificationEmail: null, defaultBookingView: "all" },
      canEdit: true,
    });
    const saved = await admin.caller.partners.updateSettings({ notificationEmail: "Ops@Example.com", defaultBookingView: "booked" });
    expect(saved).toEqual({ notificationEmail: "ops@example.com", defaultBookingView: "booked" });
    expect((await admin.caller.partners.settings()).settings).toEqual(saved);
    const [entry] = await admin.caller.partners.auditLog();
    expect(entry).toMatchObject({
      actorUserId: admin.user.id,
      action: "settings.update",
      before: { notificationEmail: null, defaultBookingView: "all" },
      after: { notificationEmail: "ops@example.com", defaultBookingView: "booked" },
    });
  });

  it("refuses an invalid update with field errors, changing nothing", async () => {
    const admin = await partnerCaller(t.db, "inst-a", { isAdmin: true });
    const refused = admin.caller.partners.updateSettings({ notificationEmail: "not an email", defaultBookingView: "sideways" } as never);
    await expect(refused).rejects.toMatchObject({ code: "BAD_REQUEST" });
    const error = await refused.catch((e: unknown) => e);
    const issues = (error as { cause?: { issues?: { path: string[] }[] } }).cause?.issues?.map((issue) => issue.path.join("."));
    expect(issues?.sort()).toEqual(["defaultBookingView", "notificationEmail"]);
    await expect(admin.caller.partners.updateSettings({ defaultBookingView: "all", partnerId: "x" } as never)).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    expect((await admin.caller.partners.settings()).settings.defaultBookingView).toBe("all");
    expect(await t.db.select().from(auditLog)).toEqual([]);
  });

  it("lets a non-admin read but not change them (FORBIDDEN), nor read the audit log or the people", async () => {
    const member = await partnerCaller(t.db, "inst-a", { isAdmin: false });
    expect((await member.caller.partners.settings()).canEdit).toBe(false);
    await expect(member.caller.partners.updateSettings({ notificationEmail: null, defaultBookingView: "booked" })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    await expect(member.caller.partners.auditLog()).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(member.caller.partners.members()).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect((await member.caller.partners.settings()).settings.defaultBookingView).toBe("all");
  });

  it("belong to one partner: another partner's admin neither sees nor changes them", async () => {
    const a = await partnerCaller(t.db, "inst-a", { isAdmin: true });
    const b = await partnerCaller(t.db, "inst-b", { isAdmin: true });
    await a.caller.partners.updateSettings({ notificationEmail: "a@example.com", defaultBookingView: "canceled" });
    expect((await b.caller.partners.settings()).settings).toEqual({ notificationEmail: null, defaultBookingView: "all" });
    expect(await b.caller.partners.auditLog()).toEqual([]);
    await b.caller.partners.updateSettings({ notificationEmail: "b@example.com", defaultBookingView: "booked" });
    expect((await a.caller.partners.settings()).settings).toEqual({ notificationEmail: "a@example.com", defaultBookingView: "canceled" });
  });
});

describe("the audit log", () => {
  it("records every operator change with the acting user's id: demo records, setup steps, settings, portal access", async () => {
    const admin = await partnerCaller(t.db, "inst-a", { isAdmin: true, email: "admin@a.example.com" });
    const other = await partnerCaller(t.db, "inst-a", { email: "other@a.example.com", kind: "portal" });
    const record = await admin.caller.demo.create({ name: "R", status: "draft" });
    await admin.caller.demo.update({ id: record.id, name: "R2", status: "draft" });
    await admin.caller.demo.remove({ id: record.id });
    await admin.caller.partners.completeSetupStep({ id: "reviewed_settings" });
    await admin.caller.partners.updateSettings({ notificationEmail: null, defaultBookingView: "booked" });
    await admin.caller.partners.setPortalAccess({ userId: other.user.id, access: false });
    const log = await admin.caller.partners.auditLog();
    expect(log.map((e) => [e.action, e.actorUserId, e.subject])).toEqual([
      ["access.revoke", admin.user.id, other.user.id],
      ["settings.update", admin.user.id, null],
      ["setup.complete", admin.user.id, "reviewed_settings"],
      ["demo.remove", admin.user.id, record.id],
      ["demo.update", admin.user.id, record.id],
      ["demo.create", admin.user.id, record.id],
    ]);
    // A refused change leaves no entry.
    await expect(admin.caller.demo.remove({ id: record.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await admin.caller.partners.auditLog()).toHaveLength(6);
  });
});

describe("portal access", () => {
  it("an admin removes another person's portal access: their portal sessions for the partner end, their embed session stays; given back, they sign in again", async () => {
    const admin = await partnerCaller(t.db, "inst-a", { isAdmin: true, email: "admin@a.example.com" });
    const portal = await partnerCaller(t.db, "inst-a", { email: "pat@a.example.com", kind: "portal" });
    const embed = await partnerCaller(t.db, "inst-a", { email: "pat@a.example.com", kind: "embed" });
    expect(await admin.caller.partners.members()).toMatchObject([
      { email: "admin@a.example.com", isAdmin: true, portalAccess: true },
      { email: "pat@a.example.com", isAdmin: false, portalAccess: true },
    ]);
    await admin.caller.partners.setPortalAccess({ userId: portal.user.id, access: false });
    await expect(portal.caller.partners.me()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    expect((await embed.caller.partners.me()).user?.email).toBe("pat@a.example.com");
    expect(await t.db.select().from(sessions).where(eq(sessions.partnerUserId, portal.user.id))).toHaveLength(1);
    expect((await admin.caller.partners.members())[1]).toMatchObject({ portalAccess: false });

    await admin.caller.partners.setPortalAccess({ userId: portal.user.id, access: true });
    const again = await partnerCaller(t.db, "inst-a", { email: "pat@a.example.com", kind: "portal" });
    expect((await again.caller.partners.me()).user?.email).toBe("pat@a.example.com");
  });

  it("refuses a change of one's own access, a person of another partner, and a non-admin", async () => {
    const admin = await partnerCaller(t.db, "inst-a", { isAdmin: true, email: "admin@a.example.com" });
    const stranger = await partnerCaller(t.db, "inst-b", { email: "x@b.example.com" });
    const member = await partnerCaller(t.db, "inst-a", { email: "m@a.example.com" });
    await expect(admin.caller.partners.setPortalAccess({ userId: admin.user.id, access: false })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    await expect(admin.caller.partners.setPortalAccess({ userId: stranger.user.id, access: false })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(member.caller.partners.setPortalAccess({ userId: admin.user.id, access: false })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    expect((await admin.caller.partners.me()).user).not.toBeNull();
  });
});

describe("housekeeping", () => {
  const policy = { uninstallDays: 30, inboxDays: 90, jobArchiveDays: 7 };
  it("removes inbox rows past WEBHOOK_INBOX_RETENTION_DAYS and rate-limit windows past their day, nothing newer", async () => {
    const now = new Date("2026-11-27T12:00:00Z");
    const days = (n: number) => new Date(now.getTime() - n * 86_400_000);
    for (const [i, age] of [91, 89].entries()) {
      await t.db.insert(webhookDeliveries).values({
        kind: "booking",
        installId: "inst-a",
        dedupeKey: `k${i}`,
        payload: {},
        outcome: "accepted",
        firstReceivedAt: days(age),
        lastReceivedAt: days(age),
      });
    }
    await t.db.execute(
      sql`insert into rate_limits (key, window_start, count) values ('old', ${days(2).toISOString()}::timestamptz, 1), ('new', ${now.toISOString()}::timestamptz, 1)`,
    );
    expect(await HOUSEKEEPING_TASKS.inbox?.(t.db, now, policy)).toEqual({ webhook_deliveries: 1 });
    expect(await HOUSEKEEPING_TASKS["rate-limits"]?.(t.db, now, policy)).toEqual({ rate_limits: 1 });
    expect(await t.db.select({ key: webhookDeliveries.dedupeKey }).from(webhookDeliveries)).toEqual([{ key: "k1" }]);
  });

  it("runs every task when one fails, logs the failure, records the others' runs, then fails so the job is retried", async () => {
    const logged: unknown[] = [];
    const logger: Logger = { ...silent, error: (obj) => logged.push(obj) };
    const tasks = {
      first: async () => {
        throw new Error("disk full");
      },
      second: async () => ({ things: 2 }),
    };
    await expect(runHousekeeping(t.db, new Date(), policy, logger, tasks)).rejects.toThrow("housekeeping tasks failed: first");
    expect(logged).toMatchObject([{ task: "first", err: { message: "disk full" } }]);
    expect(await t.db.select({ task: housekeepingRuns.task, removed: housekeepingRuns.removed }).from(housekeepingRuns)).toEqual([
      { task: "second", removed: { things: 2 } },
    ]);
  });
});

describe("install metrics", () => {
  it("fan out once per sink: the fan-out job run again (at-least-once delivery) queues no metric twice", async () => {
    const sink = (name: string) => ({ name, capture: async () => {} });
    const handlers = lifecycleJobHandlers({
      db: t.db,
      jobs,
      logger: silent,
      clock: () => new Date(),
      sinks: [sink("posthog"), sink("http")],
      peek: {} as never,
      configurationApiUrl: "http://127.0.0.1:9",
      configurationStatuses: DEFAULT_CONFIGURATION_STATUS_VALUES,
      retention: { uninstallDays: 30, inboxDays: 90, jobArchiveDays: 7 },
      backfillDays: 30,
    });
    const metric = {
      event: "app.install" as const,
      accountId: "acct-1",
      installId: "inst-a",
      partnerId: "00000000-0000-0000-0000-000000000000",
      partnerName: "A",
      platform: "peek",
      isTest: false,
      at: "2026-11-25T12:00:00.000Z",
    };
    const sends = async () =>
      rowsOf<{ sink: string }>(
        await t.db.execute(sql`select data->>'sink' as sink from pgboss.job where name = 'metrics.send' order by 1`),
      );
    await handlers["metrics.install"]?.(metric);
    await handlers["metrics.install"]?.(metric);
    expect(await sends()).toEqual([{ sink: "http" }, { sink: "posthog" }]);
    // Another event is another metric.
    await handlers["metrics.install"]?.({ ...metric, event: "app.uninstall", at: "2026-11-26T12:00:00.000Z" });
    expect(await sends()).toHaveLength(4);
  });
});

describe("custom usage metrics", () => {
  it("counts the records created in the last 24 hours", async () => {
    const { caller } = await partnerCaller(t.db, "inst-a");
    await caller.demo.create({ name: "One", status: "draft" });
    await caller.demo.create({ name: "Two", status: "draft" });
    expect(await computeCustomMetrics(t.db, new Date())).toEqual([{ name: "records_created_24h", value: 2 }]);
    expect(await computeCustomMetrics(t.db, new Date(Date.now() + 2 * 86_400_000))).toEqual([{ name: "records_created_24h", value: 0 }]);
  });
});
