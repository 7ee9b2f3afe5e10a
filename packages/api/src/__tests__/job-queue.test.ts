import { rowsOf } from "@kit/db";
import { createTestDb, type TestDatabase } from "@kit/db/testing";
import type { InstallMetric } from "@kit/peek";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createJobQueue, failureSummary, type JobQueue } from "../jobs/job-queue";
import { listJobs } from "../jobs/job-stats";
import type { Logger } from "../logger";
import { getHealthStatus } from "../services/health";

const silent: Logger = { info() {}, warn() {}, error() {} };
const metric = (partnerName: string): InstallMetric => ({
  event: "app.install",
  accountId: "acct-1",
  installId: `install-${partnerName}`,
  partnerId: "00000000-0000-0000-0000-000000000000",
  partnerName,
  platform: "peek",
  isTest: false,
  at: "2026-11-25T12:00:00.000Z",
});

async function eventually<T>(read: () => T | Promise<T>, accept: (value: T) => boolean, ms = 15_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (accept(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

let t: TestDatabase;
let queue: JobQueue;
const handled: string[] = [];
let sinkDown = true;
beforeAll(async () => {
  t = await createTestDb();
  queue = createJobQueue(t, {
    logger: silent,
    pollingIntervalSeconds: 0.5,
    policies: { "metrics.install": { retryLimit: 0, retryDelay: 0 } },
  });
  await queue.start({
    "metrics.install": async (data) => {
      if (data.partnerName === "poison" && sinkDown) throw new Error("sink down");
      handled.push(data.partnerName);
    },
  });
});
afterAll(async () => {
  await queue.stop();
  await t.close();
});

describe("job queue", () => {
  it("runs a job enqueued in a committed transaction, and never one from a rolled-back transaction", async () => {
    await t.db.transaction(async (tx) => {
      await queue.enqueue(tx, "metrics.install", metric("committed"));
    });
    await t.db
      .transaction(async (tx) => {
        await queue.enqueue(tx, "metrics.install", metric("rolled-back"));
        throw new Error("abort");
      })
      .catch(() => undefined);
    await eventually(
      () => handled,
      (names) => names.includes("committed"),
    );
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(handled).toEqual(["committed"]);
  });

  it("dead-letters a job that fails every retry, and health turns amber", async () => {
    expect((await getHealthStatus(t.db)).ragStatus).toBe("green");
    await t.db.transaction((tx) => queue.enqueue(tx, "metrics.install", metric("poison")));
    const status = await eventually(
      () => getHealthStatus(t.db),
      (s) => s.ragStatus === "amber",
    );
    expect(status).toMatchObject({ ragStatus: "amber", internalMessage: expect.stringContaining("1 background job(s) failed") });
  });

  it("puts a failed job back in its queue on retry: it runs again, leaves the dead-letter queue, and health is green again", async () => {
    const [failed] = await listJobs(t.db, { failed: true });
    expect(failed).toMatchObject({ queue: "metrics.install", state: "failed", error: "sink down" });
    sinkDown = false;
    expect(await queue.retry({ ids: ["not-a-job", failed?.id ?? ""] })).toEqual([failed?.id]);
    await eventually(
      () => handled,
      (names) => names.includes("poison"),
    );
    expect(handled).toContain("poison");
    expect(await listJobs(t.db, { failed: true })).toEqual([]);
    expect((await getHealthStatus(t.db)).ragStatus).toBe("green");
    expect(await queue.retry({ queue: "metrics.install" })).toEqual([]);
  });

  it("applies the retry policy in code to a queue stored earlier, and rewrites no queue whose policy is unchanged", async () => {
    const stored = async () =>
      rowsOf<{ name: string; retry_limit: number; retry_delay: number; updated_on: Date }>(
        await t.db.execute(sql`select name, retry_limit, retry_delay, updated_on from pgboss.queue order by name`),
      );
    const before = await stored();
    expect(before.find((q) => q.name === "metrics.install")).toMatchObject({ retry_limit: 0, retry_delay: 0 });
    const restart = async (policies: Parameters<typeof createJobQueue>[1]["policies"]) => {
      const next = createJobQueue(t, { logger: silent, ...(policies ? { policies } : {}) });
      await next.start(null);
      await next.stop();
    };
    // Same code, same policies: no queue is written again.
    await restart({ "metrics.install": { retryLimit: 0, retryDelay: 0 } });
    expect(await stored()).toEqual(before);
    // The code's policy changed: that queue (only) takes it.
    await restart({ "metrics.install": { retryLimit: 3, retryDelay: 7 } });
    const after = await stored();
    expect(after.find((q) => q.name === "metrics.install")).toMatchObject({ retry_limit: 3, retry_delay: 7 });
    expect(after.filter((q) => q.name !== "metrics.install")).toEqual(before.filter((q) => q.name !== "metrics.install"));
  });

  it("starts when asked to later, or at once when a request prepares to enqueue (on PGlite an enqueue before that fails instead of waiting on itself); the workers and schedules follow, and an unchanged schedule is not written again", async () => {
    const schedule = async () =>
      rowsOf<{ cron: string; updated_on: Date }>(
        await t.db.execute(sql`select cron, updated_on from pgboss.schedule where name = 'housekeeping'`),
      );
    const mailed: string[] = [];
    const mail = { to: "a@example.test", subject: "later", text: "hi", html: "<p>hi</p>" };
    const open = async (cron: string) => {
      const next = createJobQueue(t, { logger: silent, pollingIntervalSeconds: 0.5, schedules: { housekeeping: cron } });
      void next.start({ "mail.send": async (message) => void mailed.push(message.subject) }, { afterMs: 60_000 });
      return next;
    };
    const first = await open("0 3 * * *");
    if (t.driver === "pglite") {
      // Inside the transaction a start would wait for the one connection the transaction holds: it fails at once.
      await expect(t.db.transaction((tx) => first.enqueue(tx, "mail.send", mail))).rejects.toThrow(/jobs\.prepare\(\)/);
    }
    await first.prepare();
    await t.db.transaction((tx) => first.enqueue(tx, "mail.send", mail));
    await eventually(
      () => mailed,
      (subjects) => subjects.includes("later"),
    );
    expect(mailed).toEqual(["later"]);
    const stored = await eventually(schedule, (rows) => rows.length === 1);
    expect(stored).toMatchObject([{ cron: "0 3 * * *" }]);
    await first.stop();

    // The same schedule in code: the stored row is left as it is. Another one: it is rewritten.
    const same = await open("0 3 * * *");
    await same.prepare();
    await same.stop();
    expect(await schedule()).toEqual(stored);
    const changed = await open("0 4 * * *");
    await changed.prepare();
    expect(await eventually(schedule, (rows) => rows[0]?.cron === "0 4 * * *")).toMatchObject([{ cron: "0 4 * * *" }]);
    await changed.stop();
  });
});

describe("what a failure log keeps", () => {
  it("reads pg-boss's plain error objects as errors, and scrubs before it cuts (an address at the cut stays masked)", () => {
    expect(failureSummary({ message: "read ECONNRESET", code: "ECONNRESET", queue: "q" })).toEqual({
      message: "read ECONNRESET",
      code: "ECONNRESET",
    });
    const long = `${"x".repeat(290)} jane.doe@example.com refused`;
    const summary = failureSummary(new Error(long));
    expect(summary).toMatchObject({ message: expect.stringContaining("j***@") });
    expect(JSON.stringify(summary)).not.toContain("jane.doe@example");
  });
});
