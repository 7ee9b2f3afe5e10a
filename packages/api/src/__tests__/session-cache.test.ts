import { describe, expect, it } from "vitest";
import { SessionCache } from "../services/session-cache";
import type { VerifiedSession } from "../services/sessions";

const at = (ms: number) => new Date(Date.UTC(2026, 10, 2) + ms);
const session = (expiresInMs = 3_600_000) => ({ sessionId: "s", expiresAt: at(expiresInMs) }) as VerifiedSession;

describe("SessionCache", () => {
  it("keeps an entry for its TTL, never past the session's expiry", () => {
    const cache = new SessionCache(1_000);
    cache.set("a", session(), at(0), cache.generation);
    expect(cache.get("a", at(999))).toBeDefined();
    expect(cache.get("a", at(1_000))).toBeUndefined();
    cache.set("b", session(300), at(0), cache.generation);
    expect(cache.get("b", at(299))).toBeDefined();
    expect(cache.get("b", at(300))).toBeUndefined();
  });

  it("keeps nothing with a TTL of 0, forgets everything on clear, and drops the oldest entry when full", () => {
    const off = new SessionCache(0);
    off.set("a", session(), at(0), off.generation);
    expect(off.get("a", at(0))).toBeUndefined();

    const cache = new SessionCache(1_000, 2);
    cache.set("a", session(), at(0), cache.generation);
    cache.set("b", session(), at(0), cache.generation);
    cache.set("c", session(), at(0), cache.generation);
    expect([cache.get("a", at(1)), cache.get("b", at(1)), cache.get("c", at(1))].map(Boolean)).toEqual([false, true, true]);
    cache.clear();
    expect(cache.size).toBe(0);
  });

  it("does not store a lookup that began before the cache was cleared (a sign-out committed while it read the session)", () => {
    const cache = new SessionCache(1_000);
    const before = cache.generation;
    cache.clear();
    cache.set("a", session(), at(0), before);
    expect(cache.get("a", at(1))).toBeUndefined();
    cache.set("a", session(), at(0), cache.generation);
    expect(cache.get("a", at(1))).toBeDefined();
  });

  it("refuses a TTL above 5 s (the longest a revocation may take to reach another instance)", () => {
    expect(() => new SessionCache(5_001)).toThrow(/0–5000 ms/);
    expect(() => new SessionCache(-1)).toThrow();
  });
});
