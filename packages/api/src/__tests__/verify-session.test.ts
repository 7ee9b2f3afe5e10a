import { sessions } from "@kit/db";
import { createTestDb, type TestDatabase } from "@kit/db/testing";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { SessionCache } from "../services/session-cache";
import { type VerifiedSession, verifySession } from "../services/sessions";
import { partnerCaller } from "./session-fixtures";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDb();
});
beforeEach(() => t.reset());
afterAll(() => t.close());

describe("verifySession with a cache", () => {
  it("caches a verified session: the next check is answered without the database", async () => {
    const now = new Date();
    const { token } = await partnerCaller(t.db, "cached", { now });
    const cache = new SessionCache<VerifiedSession>(2_000);
    expect(await verifySession(t.db, token, now, cache)).not.toBeNull();
    await t.db.delete(sessions);
    expect(await verifySession(t.db, token, now, cache)).not.toBeNull();
  });

  it("does not cache what a lookup read while this instance emptied the cache (a sign-out here meanwhile)", async () => {
    const now = new Date();
    const { token } = await partnerCaller(t.db, "race", { now });
    const cache = new SessionCache<VerifiedSession>(2_000);
    // The lookup's query is on its way; the cache is emptied, as a sign-out on this instance does once it commits.
    const lookup = verifySession(t.db, token, now, cache);
    cache.clear();
    const signOut = t.db.delete(sessions);
    expect(await lookup).not.toBeNull();
    await signOut;
    expect(cache.size).toBe(0);
    expect(await verifySession(t.db, token, now, cache)).toBeNull();
  });
});
