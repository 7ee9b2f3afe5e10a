import { createPostgresTestDb, describeWithPostgres, type TestDatabase } from "@kit/db/testing";
import type { InstallMetric } from "@kit/peek";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createJobQueue, type JobQueue } from "../jobs/job-queue";
import type { Logger } from "../logger";

const silent: Logger = { info() {}, warn() {}, error() {} };

describeWithPostgres("job queue on Postgres", () => {
  let t: TestDatabase;
  let queue: JobQueue;
  const handled: string[] = [];
  beforeAll(async () => {
    t = await createPostgresTestDb();
    queue = createJobQueue(t, { logger: silent, pollingIntervalSeconds: 0.5 });
    await queue.start({
      "metrics.install": async (data) => {
        handled.push(data.partnerName);
      },
    });
  });
  afterAll(async () => {
    await queue?.stop();
    await t?.close();
  });

  it("runs jobs enqueued by concurrent committed transactions once each, and none from rolled-back ones", async () => {
    const metric = (name: string) =>
      ({
        event: "app_installed",
        installId: name,
        partnerId: name,
        partnerName: name,
        platform: "peek",
        isTest: false,
        at: new Date().toISOString(),
      }) as InstallMetric;
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        t.db
          .transaction(async (tx) => {
            await queue.enqueue(tx, "metrics.install", metric(`job-${i}`));
            if (i % 2 === 1) throw new Error("rollback");
          })
          .catch(() => undefined),
      ),
    );
    const deadline = Date.now() + 15_000;
    while (handled.length < 5 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(handled.sort()).toEqual(["job-0", "job-2", "job-4", "job-6", "job-8"]);
  });
});
