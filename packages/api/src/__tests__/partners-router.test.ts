import { createTestDb, type TestDatabase } from "@kit/db/testing";
import { DEFAULT_API_HOSTS, LOOPBACK_API_HOSTS } from "@kit/peek";
import { startLoopbackServer } from "@kit/peek/testing";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createInnerContext } from "../context";
import type { Logger } from "../logger";
import { createCaller } from "../root";
import { upsertPartnerForInstallation, upsertPartnerUser } from "../services/partners";
import { createSession, revokePartnerSessions } from "../services/sessions";

const silent: Logger = { info() {}, warn() {}, error() {} };
const now = new Date("2026-11-25T12:00:00Z");
let t: TestDatabase;
let gateway: Awaited<ReturnType<typeof startLoopbackServer>>;
let apiUrl = "";
beforeAll(async () => {
  t = await createTestDb();
  gateway = await startLoopbackServer(() => ({
    status: 200,
    body: {
      data: {
        activities: [{ id: "a1", legacyId: "1", name: "Kayak tour", type: "ACTIVITY", resourceOptions: [] }],
        itemOptions: { edges: [], pageInfo: { hasNextPage: false } },
      },
    },
  }));
  apiUrl = `${gateway.url}/gql`;
});
beforeEach(() => t.reset());
afterAll(async () => {
  await gateway.close();
  await t.close();
});

const peekAccess = { appId: "kit", appSecret: "s".repeat(32), apiKey: null, apiHosts: [...DEFAULT_API_HOSTS, ...LOOPBACK_API_HOSTS] };
const callerWith = (bearerToken: string | null, at = now) =>
  createCaller(createInnerContext({ db: t.db, logger: silent, clock: () => at, peekAccess }, { bearerToken }));

async function partnerWithSession(installId: string, name: string, email: string, url: string | null = null) {
  const partner = await upsertPartnerForInstallation(t.db, {
    installId,
    accountId: `acct-${installId}`,
    name,
    platform: "peek",
    isTest: name.includes("Test"),
    installation: { status: "installed", display_version: "1.2.0", install_id: installId },
    timezone: null,
    apiUrl: url,
    eventAt: new Date(),
  });
  const user = await upsertPartnerUser(t.db, partner.id, { id: "u", email, name: "Jane", isAdmin: false, primaryRole: null, locale: null });
  if (!user) throw new Error("no user");
  const session = await createSession(t.db, { partnerUserId: user.id, partnerId: partner.id, kind: "embed", ttlSeconds: 3600, now });
  return { partner, user, token: session.token };
}

describe("partners.me", () => {
  it("returns the session's user and partner", async () => {
    const { token, partner, user } = await partnerWithSession("install-a", "Acme Test Tours", "jane@acme.test");
    expect(await callerWith(token).partners.me()).toEqual({
      user: { id: user.id, email: "jane@acme.test", name: "Jane" },
      partner: {
        id: partner.id,
        name: "Acme Test Tours",
        platform: "peek",
        timezone: "UTC",
        isTest: true,
        installation: { status: "installed", displayVersion: "1.2.0" },
      },
      partners: [{ id: partner.id, name: "Acme Test Tours", platform: "peek" }],
      sessionKind: "embed",
    });
  });

  it("only ever shows the partner of the session (a foreign partner's session shows that partner, not ours)", async () => {
    const a = await partnerWithSession("install-a", "Acme", "jane@acme.test");
    const b = await partnerWithSession("install-b", "Bay", "bob@bay.test");
    expect((await callerWith(a.token).partners.me()).partner.id).toBe(a.partner.id);
    const foreign = await callerWith(b.token).partners.me();
    expect(foreign.partner.id).toBe(b.partner.id);
    expect(foreign.partners.map((p) => p.id)).toEqual([b.partner.id]);
  });

  it.each<[string, (token: string) => ReturnType<typeof callerWith>]>([
    ["no session", () => callerWith(null)],
    ["an unknown token", () => callerWith("not-a-session-token")],
    ["an expired session", (token) => callerWith(token, new Date(now.getTime() + 3601_000))],
  ])("is UNAUTHORIZED with %s", async (_name, makeCaller) => {
    const { token } = await partnerWithSession("install-a", "Acme", "jane@acme.test");
    await expect(makeCaller(token).partners.me()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });

  it("is UNAUTHORIZED once the partner's sessions are revoked (uninstall)", async () => {
    const { token, partner } = await partnerWithSession("install-a", "Acme", "jane@acme.test");
    await revokePartnerSessions(t.db, partner.id);
    await expect(callerWith(token).partners.me()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });
});

describe("partners.activities", () => {
  it("lists the partner's activities from Peek", async () => {
    const { token } = await partnerWithSession("install-a", "Acme", "jane@acme.test", apiUrl);
    expect(await callerWith(token).partners.activities()).toEqual({ available: true, activities: [{ id: "a1", name: "Kayak tour" }] });
  });

  it("degrades with a reason when Peek's API cannot be used", async () => {
    const { token } = await partnerWithSession("install-a", "Acme", "jane@acme.test", null);
    expect(await callerWith(token).partners.activities()).toMatchObject({
      available: false,
      code: "no_api_url",
      reason: expect.stringContaining("no API url"),
    });
  });
});
