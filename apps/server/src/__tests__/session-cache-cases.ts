import type { DatabaseHandle } from "@kit/db";
import type { TestDatabase } from "@kit/db/testing";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import { call, installationEvent, openInPeek, testClock } from "./lifecycle-fixtures";
import { buildTestApp, testConfig } from "./test-app";

/** `SESSION_CACHE_MS` of both instances in these cases. */
export const CACHE_MS = 1_000;

export interface TwoInstances {
  /** Where the sign-out, revocation or uninstall happens. */
  a: FastifyInstance;
  /** Another instance on the same database, which verified the session just before. */
  b: FastifyInstance;
  clock: ReturnType<typeof testClock>;
}

/**
 * Two apps with `SESSION_CACHE_MS` = {@link CACHE_MS} and one test clock: `a` on the test database, `b` on `second`
 * (another handle on the same database, with its own pool where the driver has one), then the cases.
 */
export function sessionCacheSuite(open: () => Promise<{ t: TestDatabase; second: DatabaseHandle; close: () => Promise<void> }>) {
  let databases: Awaited<ReturnType<typeof open>>;
  let a: FastifyInstance;
  let b: FastifyInstance;
  const clock = testClock();
  beforeAll(async () => {
    databases = await open();
    const config = testConfig({ SESSION_CACHE_MS: String(CACHE_MS) });
    a = await buildTestApp(databases.t, { config, clock: clock.now });
    b = await buildTestApp(databases.second, { config, clock: clock.now, runJobWorkers: false });
  });
  beforeEach(async () => {
    await databases.t.reset();
    clock.set(new Date("2026-11-02T12:00:00Z"));
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
    await databases?.close();
  });
  sessionCacheCases(() => ({ a, b, clock }));
}

const me = (app: FastifyInstance, session: string) => call(app, session, "partners.me", undefined, "query").then((r) => r.status);
const later = (ctx: TwoInstances, ms: number) => ctx.clock.set(new Date(ctx.clock.now().getTime() + ms));

/**
 * What the session cache may and may not do, with two instances on one database: the instance that signs out, revokes
 * or uninstalls refuses the session at once; the other still trusts it until its entry expires, and refuses it after
 * `SESSION_CACHE_MS` (at most 5 s). Run on PGlite and on Postgres (and so through the transaction pooler).
 */
export function sessionCacheCases(get: () => TwoInstances) {
  async function installedWithSession(ctx: TwoInstances, installId: string) {
    const partner = { installId, accountId: `acct-${installId}` };
    expect((await installationEvent(ctx.a, partner, "installed", ctx.clock.now())).statusCode).toBe(200);
    const user = { id: `u-${installId}`, email: `${installId}@example.com`, name: "Ana" };
    const session = await openInPeek(ctx.a, installId, user, ctx.clock.now());
    expect(await me(ctx.a, session)).toBe(200);
    expect(await me(ctx.b, session)).toBe(200);
    return { partner, user, session };
  }

  /**
   * Two partners, a session each, both signed out on b: a still trusts both from its cache, until an entry expires or
   * a write of a's forgets it.
   */
  async function twoPartnersSignedOutElsewhere(ctx: TwoInstances, firstId: string, otherId: string) {
    const first = await installedWithSession(ctx, firstId);
    const other = await installedWithSession(ctx, otherId);
    for (const { session } of [first, other]) expect((await call(ctx.b, session, "partners.logout")).status).toBe(200);
    expect(await me(ctx.a, first.session)).toBe(200);
    expect(await me(ctx.a, other.session)).toBe(200);
    return { first, other };
  }

  it("a sign-out ends the session at once where it happened, and on the other instance within SESSION_CACHE_MS", async () => {
    const ctx = get();
    const { session } = await installedWithSession(ctx, "cache-signout");
    expect((await call(ctx.a, session, "partners.logout")).status).toBe(200);
    expect(await me(ctx.a, session)).toBe(401);
    later(ctx, CACHE_MS - 1);
    expect(await me(ctx.b, session)).toBe(200);
    later(ctx, 1);
    expect(await me(ctx.b, session)).toBe(401);
  });

  it("revoking the user's other sessions reaches the other instance within SESSION_CACHE_MS", async () => {
    const ctx = get();
    const { user, session: first } = await installedWithSession(ctx, "cache-revoke");
    const second = await openInPeek(ctx.a, "cache-revoke", user, ctx.clock.now());
    const revoked = await call(ctx.a, second, "partners.logoutOthers");
    expect(revoked.status).toBe(200);
    expect(revoked.body.result?.data.json).toEqual({ signedOut: 1 });
    expect(await me(ctx.a, first)).toBe(401);
    expect(await me(ctx.b, first)).toBe(200);
    later(ctx, CACHE_MS);
    expect(await me(ctx.b, first)).toBe(401);
    expect(await me(ctx.b, second)).toBe(200);
  });

  it("an uninstall ends every session of the partner at once where it arrived, and on the other instance within SESSION_CACHE_MS", async () => {
    const ctx = get();
    const { partner, session } = await installedWithSession(ctx, "cache-uninstall");
    expect((await installationEvent(ctx.a, partner, "uninstalled", ctx.clock.now())).statusCode).toBe(200);
    expect(await me(ctx.a, session)).toBe(401);
    expect(await me(ctx.b, session)).toBe(200);
    later(ctx, CACHE_MS);
    expect(await me(ctx.b, session)).toBe(401);
  });

  it("an installation delivery forgets its partner's sessions where it arrived, and keeps every other partner's", async () => {
    const ctx = get();
    const { first, other } = await twoPartnersSignedOutElsewhere(ctx, "cache-delivered", "cache-untouched");
    // A delivery for the first partner only (its status repeated, a newer event): a asks the database for its sessions.
    later(ctx, 1);
    expect((await installationEvent(ctx.a, first.partner, "installed", ctx.clock.now())).statusCode).toBe(200);
    expect(await me(ctx.a, first.session)).toBe(401);
    expect(await me(ctx.a, other.session)).toBe(200);
    later(ctx, CACHE_MS);
    expect(await me(ctx.a, other.session)).toBe(401);
  });

  it("a partner's record write forgets that partner's sessions only; a mutation that may touch any session forgets all", async () => {
    const ctx = get();
    const { first, other } = await twoPartnersSignedOutElsewhere(ctx, "cache-writer", "cache-bystander");
    // Another operator of the first partner saves a record on a (`meta.sessionCache: "partner"`).
    const writer = await openInPeek(
      ctx.a,
      "cache-writer",
      { id: "u-cache-writer-2", email: "w2@example.com", name: "Bo" },
      ctx.clock.now(),
    );
    expect((await call(ctx.a, writer, "demo.create", { name: "Saved", status: "draft" })).status).toBe(200);
    expect(await me(ctx.a, first.session)).toBe(401);
    expect(await me(ctx.a, other.session)).toBe(200);
    // Settings say nothing of the kind: every session of the instance is looked up again.
    expect((await call(ctx.a, writer, "partners.updateSettings", { defaultBookingView: "booked" })).status).toBe(200);
    expect(await me(ctx.a, other.session)).toBe(401);
    expect(await me(ctx.a, writer)).toBe(200);
  });

  it("no request without a session empties the cache: sign-in links, even ones that do not exist, and refused mutations", async () => {
    const ctx = get();
    const { first } = await twoPartnersSignedOutElsewhere(ctx, "cache-signin", "cache-signin-other");
    // As the portal's sign-in pages send them: same-origin JSON, no session.
    const portal = (path: string, input: unknown) =>
      ctx.a
        .inject({
          method: "POST",
          url: `/trpc/partners.${path}`,
          headers: { "content-type": "application/json", "sec-fetch-site": "same-origin" },
          payload: JSON.stringify({ json: input }),
        })
        .then((response) => response.statusCode);
    const statuses = [
      await portal("requestLoginLink", { email: "nobody@example.com" }),
      await portal("loginLinkInfo", { token: "no-such-link" }),
      await portal("confirmLogin", { token: "no-such-link" }),
    ];
    expect(statuses).toEqual([200, 200, 400]);
    // Mutations refused for want of a session (none, a made-up one): nothing ran, nothing is forgotten.
    expect((await call(ctx.a, "no-such-session", "partners.logout")).status).toBe(401);
    expect((await call(ctx.a, "no-such-session", "demo.create", { name: "Never", status: "draft" })).status).toBe(401);
    // a still trusts the session signed out on b: nothing above made it look sessions up again.
    expect(await me(ctx.a, first.session)).toBe(200);
  });

  it("never trusts a session past its own expiry, whatever is left of the cache entry", async () => {
    const ctx = get();
    const { session } = await installedWithSession(ctx, "cache-expiry");
    // The embed session lives EMBED_SESSION_TTL_S (3 600 s); the entry made just before its end expires with it.
    later(ctx, 3_600_000 - 500);
    expect(await me(ctx.b, session)).toBe(200);
    later(ctx, 500);
    expect(await me(ctx.b, session)).toBe(401);
  });
}
