import { createTestDb } from "@kit/db/testing";
import { describe, expect, it } from "vitest";
import { sessionCacheSuite } from "./session-cache-cases";
import { testConfig } from "./test-app";

describe("session cache, two instances on one database (PGlite)", () => {
  // One embedded database, two apps on it: each app has a cache of its own.
  sessionCacheSuite(async () => {
    const t = await createTestDb();
    return { t, second: t, close: () => t.close() };
  });
});

describe("SESSION_CACHE_MS", () => {
  it("is 2 s unless set, may be 0 (off), and is refused above 5 s at boot", () => {
    expect(testConfig().sessionCacheMs).toBe(2_000);
    expect(testConfig({ SESSION_CACHE_MS: "0" }).sessionCacheMs).toBe(0);
    expect(() => testConfig({ SESSION_CACHE_MS: "5001" })).toThrow(/SESSION_CACHE_MS.*between 0 and 5000/);
  });
});
