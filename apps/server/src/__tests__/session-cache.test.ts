import { createTestDb, type TestDatabase } from "@kit/db/testing";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { testClock } from "./lifecycle-fixtures";
import { CACHE_MS, sessionCacheCases } from "./session-cache-cases";
import { buildTestApp, testConfig } from "./test-app";

describe("session cache, two instances on one database (PGlite)", () => {
  let t: TestDatabase;
  let a: FastifyInstance;
  let b: FastifyInstance;
  const clock = testClock();
  beforeAll(async () => {
    t = await createTestDb();
    const config = testConfig({ SESSION_CACHE_MS: String(CACHE_MS) });
    a = await buildTestApp(t, { config, clock: clock.now });
    b = await buildTestApp(t, { config, clock: clock.now, runJobWorkers: false });
  });
  beforeEach(async () => {
    await t.reset();
    clock.set(new Date("2026-11-02T12:00:00Z"));
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
    await t?.close();
  });
  sessionCacheCases(() => ({ a, b, clock }));
});

describe("SESSION_CACHE_MS", () => {
  it("is 2 s unless set, may be 0 (off), and is refused above 5 s at boot", () => {
    expect(testConfig().sessionCacheMs).toBe(2_000);
    expect(testConfig({ SESSION_CACHE_MS: "0" }).sessionCacheMs).toBe(0);
    expect(() => testConfig({ SESSION_CACHE_MS: "5001" })).toThrow(/SESSION_CACHE_MS.*between 0 and 5000/);
  });
});
