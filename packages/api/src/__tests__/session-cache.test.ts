import { describe, expect, it } from "vitest";
import { SessionCache } from "../services/session-cache";
import type { VerifiedSession } from "../services/sessions";

const at = (ms: number) => new Date(Date.UTC(2026, 10, 2) + ms);
const session = (expiresInMs = 3_600_000, partnerId = "p1") =>
  ({ sessionId: "s", expiresAt: at(expiresInMs), partner: { id: partnerId } }) as VerifiedSession;

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

  it("forgets one partner's sessions on clearPartner and keeps the others'", () => {
    const cache = new SessionCache(1_000);
    cache.set("a1", session(undefined, "p1"), at(0), cache.generation);
    cache.set("a2", session(undefined, "p1"), at(0), cache.generation);
    cache.set("b", session(undefined, "p2"), at(0), cache.generation);
    cache.clearPartner("p1");
    expect([cache.get("a1", at(1)), cache.get("a2", at(1)), cache.get("b", at(1))].map(Boolean)).toEqual([false, false, true]);
    // Looked up again after the clear: cached as before.
    cache.set("a1", session(undefined, "p1"), at(1), cache.generation);
    expect(cache.get("a1", at(2))).toBeDefined();
    expect(cache.size).toBe(2);
  });

  it("does not store a lookup of a partner cleared while it ran (an uninstall committed meanwhile), and stores another partner's", () => {
    const cache = new SessionCache(1_000);
    const before = cache.generation;
    cache.clearPartner("p1");
    cache.set("a", session(undefined, "p1"), at(0), before);
    cache.set("b", session(undefined, "p2"), at(0), before);
    expect(cache.get("a", at(1))).toBeUndefined();
    expect(cache.get("b", at(1))).toBeDefined();
    // A full clear discards every lookup under way, whatever its partner.
    const beforeAll = cache.generation;
    cache.clear();
    cache.set("b", session(undefined, "p2"), at(1), beforeAll);
    expect(cache.get("b", at(2))).toBeUndefined();
  });

  it("keeps as many partners' clears as it keeps entries, then clears everything instead", () => {
    const cache = new SessionCache(1_000, 2);
    cache.set("c", session(undefined, "p3"), at(0), cache.generation);
    cache.clearPartner("p1");
    cache.clearPartner("p2");
    cache.clearPartner("p2"); // a partner already marked takes no more room
    expect(cache.get("c", at(1))).toBeDefined();
    const before = cache.generation;
    cache.clearPartner("p4"); // a third partner's clear: too many marks, so everything goes
    expect(cache.get("c", at(1))).toBeUndefined();
    cache.set("a", session(undefined, "p1"), at(1), before);
    expect(cache.get("a", at(2))).toBeUndefined();
    cache.set("a", session(undefined, "p1"), at(1), cache.generation);
    expect(cache.get("a", at(2))).toBeDefined();
  });

  it("refuses a TTL above 5 s (the longest a revocation may take to reach another instance)", () => {
    expect(() => new SessionCache(5_001)).toThrow(/0–5000 ms/);
    expect(() => new SessionCache(-1)).toThrow();
  });
});
