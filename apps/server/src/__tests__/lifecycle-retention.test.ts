import { createTestDb, type TestDatabase } from "@kit/db/testing";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, beforeEach, describe } from "vitest";
import { type LifecycleCaseContext, retentionCases } from "./lifecycle-cases";
import { testClock } from "./lifecycle-fixtures";
import { buildTestApp } from "./test-app";

let t: TestDatabase;
let app: FastifyInstance;
const clock = testClock();
beforeAll(async () => {
  t = await createTestDb();
  app = await buildTestApp(t, { clock: clock.now, runJobWorkers: false });
});
beforeEach(async () => {
  await t.reset();
  clock.set(new Date("2026-11-02T12:00:00Z"));
});
afterAll(async () => {
  await app.close();
  await t.close();
});

// PGlite serves one connection: the "second instance" shares it, and its statements queue behind the first's.
describe("retention on PGlite", () => retentionCases((): LifecycleCaseContext => ({ t, app, clock, second: () => t.db })));
