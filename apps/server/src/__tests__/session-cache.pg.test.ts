import { createPostgresTestDb, describeWithPostgres } from "@kit/db/testing";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, beforeEach } from "vitest";
import { testClock } from "./lifecycle-fixtures";
import { CACHE_MS, sessionCacheCases } from "./session-cache-cases";
import { buildTestApp, testConfig } from "./test-app";

// Two instances, each with its own connection pool, on one Postgres (through PgBouncer in `pnpm test:pooler`).
describeWithPostgres("session cache, two instances on one database (Postgres)", () => {
  let t: Awaited<ReturnType<typeof createPostgresTestDb>>;
  let second: Awaited<ReturnType<Awaited<ReturnType<typeof createPostgresTestDb>>["reopen"]>>;
  let a: FastifyInstance;
  let b: FastifyInstance;
  const clock = testClock();
  beforeAll(async () => {
    t = await createPostgresTestDb();
    second = await t.reopen(2);
    const config = testConfig({ SESSION_CACHE_MS: String(CACHE_MS) });
    a = await buildTestApp(t, { config, clock: clock.now });
    b = await buildTestApp(second, { config, clock: clock.now, runJobWorkers: false });
  });
  beforeEach(async () => {
    await t.reset();
    clock.set(new Date("2026-11-02T12:00:00Z"));
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
    await second?.close();
    await t?.close();
  });
  sessionCacheCases(() => ({ a, b, clock }));
});
