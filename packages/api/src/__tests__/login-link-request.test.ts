import { loginTokens, partnerUsers } from "@kit/db";
import { createTestDb, type TestDatabase } from "@kit/db/testing";
import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import { createInnerContext } from "../context";
import type { JobQueue } from "../jobs/job-queue";
import { createCaller } from "../root";
import { requestLoginLink } from "../services/portal-auth";

const config = {
  appName: "Kit",
  appUrl: "https://a.example",
  embeddedAppUrl: null,
  mailEnabled: true,
  loginRatePerEmail: 5,
  loginRatePerIp: 30,
};

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDb();
});
beforeEach(() => t.reset());
afterAll(() => t.close());

/** A job queue whose `prepare` waits until the test lets it go, and which counts what is enqueued. */
function heldQueue() {
  let release: () => void = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  const enqueued: string[] = [];
  const jobs = {
    prepare: () => held,
    enqueue: async (_tx: unknown, name: string) => {
      enqueued.push(name);
    },
  } as unknown as JobQueue;
  return { jobs, release, enqueued };
}

it("answers a known address before its link is stored and queued, as soon as for an unknown one (no enumeration by time)", async () => {
  await t.db.insert(partnerUsers).values({ email: "jane@example.com" });
  const queue = heldQueue();
  const request = (email: string) =>
    requestLoginLink({ db: t.db, jobs: queue.jobs, config }, { email, returnTo: null, ip: "203.0.113.7", now: new Date() });

  // Both resolve while the queue is held: nothing of the known address's link happens before the answer.
  const known = await request("jane@example.com");
  const unknown = await request("nobody@example.com");
  expect(await t.db.$count(loginTokens)).toBe(0);
  expect(queue.enqueued).toEqual([]);

  queue.release();
  await Promise.all([known.queued, unknown.queued]);
  expect(await t.db.select({ sentTo: loginTokens.sentTo }).from(loginTokens)).toEqual([{ sentTo: "jane@example.com" }]);
  expect(queue.enqueued).toEqual(["mail.login-link"]);
});

it("starts nothing of a known address's link until the answer has left (an embedded database runs on the answer's thread)", async () => {
  await t.db.insert(partnerUsers).values({ email: "jane@example.com" });
  const prepared: string[] = [];
  const jobs = {
    prepare: async () => {
      prepared.push("prepare");
    },
    enqueue: async () => {},
  } as unknown as JobQueue;
  const afterResponse: (() => void)[] = [];
  const caller = createCaller(
    createInnerContext(
      { db: t.db, logger: { info() {}, warn() {}, error() {} }, jobs, portal: config },
      { afterResponse: (task) => afterResponse.push(task) },
    ),
  );
  expect(await caller.partners.requestLoginLink({ email: "jane@example.com" })).toEqual({ sent: true });
  // Answered; nothing started: not the queue, not the transaction.
  expect(prepared).toEqual([]);
  expect(await t.db.$count(loginTokens)).toBe(0);
  expect(afterResponse).toHaveLength(1);
  for (const task of afterResponse) task();
  await expect.poll(() => t.db.$count(loginTokens)).toBe(1);
  expect(prepared).toEqual(["prepare"]);
});
