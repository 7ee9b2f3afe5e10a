import type { DatabaseHandle } from "@kit/db";
import { createPostgresTestDb, describeWithPostgres } from "@kit/db/testing";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, beforeEach } from "vitest";
import { type LifecycleCaseContext, retentionCases } from "./lifecycle-cases";
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
  retentionCases((): LifecycleCaseContext => ({ t, app, clock, second: () => second.db }));
});
