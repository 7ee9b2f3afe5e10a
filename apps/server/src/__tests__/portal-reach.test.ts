import { partners, partnerUserConnections, sessions } from "@kit/db";
import { mintPeekToken } from "@kit/peek";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { installationBody, postWebhook } from "./peek-fixtures";
import { linkTokenOf, mutate, partnerUserViaPeek, query, sessionCookieOf, waitForMail } from "./portal-fixtures";
import { TEST_SECRETS, useTestApp } from "./test-app";

/**
 * Which partners a person reaches from the portal, and from an embed session: only those they are connected to, not
 * removed from by the partner's admins, and installed. Peek's iframe vouches for one installation: its session stays
 * there.
 */
const ctx = useTestApp();

/** Jane, a member of two partners (opened in Peek for both), signed in to the portal; ids by installation. */
async function janeInTwoPartners() {
  await partnerUserViaPeek(ctx.app, "jane@example.com", "install-a");
  await partnerUserViaPeek(ctx.app, "jane@example.com", "install-b");
  const idOf = async (installId: string) =>
    (await ctx.t.db.select({ id: partners.id }).from(partners).where(eq(partners.appRegistryInstallationRefid, installId)))[0]?.id ?? "";
  return { a: await idOf("install-a"), b: await idOf("install-b"), cookie: await signIn() };
}

async function signIn() {
  const before = (await waitForMail(ctx.app, 0, 0)).length;
  expect((await mutate(ctx.app, "partners.requestLoginLink", { email: "jane@example.com" })).statusCode).toBe(200);
  const mail = await waitForMail(ctx.app, before + 1);
  const confirmed = await mutate(ctx.app, "partners.confirmLogin", { token: linkTokenOf(mail[0]?.text ?? "") }); // newest first
  expect(confirmed.statusCode).toBe(200);
  return sessionCookieOf(confirmed);
}

const me = async (cookie: string) => (await query(ctx.app, "partners.me", { cookie })).json().result.data.json;
const listed = async (cookie: string) => ((await me(cookie)).partners as { id: string }[]).map((p) => p.id).sort();

describe("the partners a person reaches", () => {
  it("a portal session switches between the partners it may reach, and not to one whose admins removed the person", async () => {
    const { a, b, cookie } = await janeInTwoPartners();
    expect(await listed(cookie)).toEqual([a, b].sort());
    expect((await mutate(ctx.app, "partners.switchPartner", { partnerId: b }, { cookie })).statusCode).toBe(200);
    expect((await me(cookie)).partner.id).toBe(b);
    expect((await mutate(ctx.app, "partners.switchPartner", { partnerId: a }, { cookie })).statusCode).toBe(200);

    await ctx.t.db.update(partnerUserConnections).set({ portalAccessRevokedAt: new Date() }).where(eq(partnerUserConnections.partnerId, b));
    expect(await listed(cookie)).toEqual([a]);
    expect((await mutate(ctx.app, "partners.switchPartner", { partnerId: b }, { cookie })).statusCode).toBe(404);
    expect((await me(cookie)).partner.id).toBe(a);
  });

  it("a page that still shows the partner switched away from (another tab) reads and writes nothing: 409 partner_changed", async () => {
    const { a, b, cookie } = await janeInTwoPartners();
    expect((await mutate(ctx.app, "partners.switchPartner", { partnerId: b }, { cookie })).statusCode).toBe(200);
    // The other tab still shows A and saves A's settings: refused, and B's settings are untouched.
    const stale = await mutate(
      ctx.app,
      "partners.updateSettings",
      { notificationEmail: "a-only@example.com" },
      { cookie, headers: { "x-kit-partner": a } },
    );
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.json.data).toMatchObject({ code: "CONFLICT", reason: "partner_changed" });
    const read = await query(ctx.app, "partners.settings", { cookie, headers: { "x-kit-partner": a } });
    expect(read.statusCode).toBe(409);
    const settings = await query(ctx.app, "partners.settings", { cookie, headers: { "x-kit-partner": b } });
    expect(settings.statusCode).toBe(200);
    expect(JSON.stringify(settings.json())).not.toContain("a-only@example.com");
    // A page that does not say (another client, a first load) is answered for the session's partner.
    expect((await me(cookie)).partner.id).toBe(b);
  });

  it("a switch made through another instance is taken from the database, not this instance's cached session", async () => {
    const { a, b, cookie } = await janeInTwoPartners();
    expect((await mutate(ctx.app, "partners.switchPartner", { partnerId: a }, { cookie })).statusCode).toBe(200);
    expect((await me(cookie)).partner.id).toBe(a); // cached here, acting for A
    // Another instance switched the session to B: this one's cache did not hear of it.
    await ctx.t.db.update(sessions).set({ partnerId: b }).where(eq(sessions.partnerId, a));
    const settings = await query(ctx.app, "partners.settings", { cookie, headers: { "x-kit-partner": b } });
    expect(settings.statusCode).toBe(200);
  });

  it("a page that shows another partner can still sign out, list and end sessions, and choose a partner", async () => {
    const { a, b, cookie } = await janeInTwoPartners();
    expect((await mutate(ctx.app, "partners.switchPartner", { partnerId: b }, { cookie })).statusCode).toBe(200);
    const stale = { cookie, headers: { "x-kit-partner": a } };
    expect((await query(ctx.app, "partners.sessions", stale)).statusCode).toBe(200);
    expect((await mutate(ctx.app, "partners.switchPartner", { partnerId: a }, stale)).statusCode).toBe(200);
    expect((await mutate(ctx.app, "partners.logout", {}, { cookie, headers: { "x-kit-partner": b } })).statusCode).toBe(200);
  });

  it("an uninstalled partner is out of reach: not listed, not switched to, not picked at sign-in, until it is installed again", async () => {
    const { a, b, cookie } = await janeInTwoPartners();
    expect((await mutate(ctx.app, "partners.switchPartner", { partnerId: b }, { cookie })).statusCode).toBe(200);
    const installation = (status: string) =>
      postWebhook(
        ctx.app,
        "/registry/api/on-installation-status-change",
        installationBody({ install_id: "install-b", status }, { id: "acct-install-b" }),
      );
    expect((await installation("uninstalled")).statusCode).toBe(200);
    expect((await query(ctx.app, "partners.me", { cookie })).statusCode).toBe(401); // its sessions ended

    const again = await signIn(); // B was used last: A is picked instead
    expect((await me(again)).partner.id).toBe(a);
    expect(await listed(again)).toEqual([a]);
    expect((await mutate(ctx.app, "partners.switchPartner", { partnerId: b }, { cookie: again })).statusCode).toBe(404);

    expect((await installation("installed")).statusCode).toBe(200);
    expect(await listed(again)).toEqual([a, b].sort());
    expect((await mutate(ctx.app, "partners.switchPartner", { partnerId: b }, { cookie: again })).statusCode).toBe(200);
  });

  it("an embed session stays with the installation Peek opened it for (403 on a switch)", async () => {
    const { b } = await janeInTwoPartners();
    const token = await embedToken("install-a");
    const switched = await mutate(ctx.app, "partners.switchPartner", { partnerId: b }, { headers: { authorization: `Bearer ${token}` } });
    expect(switched.statusCode).toBe(403);
  });

  it("an embed session sees and ends only its own partner's sessions of the person, and names no other partner", async () => {
    // The same address at two Peek accounts: inside Peek, B's account vouches for it at B only.
    const { a, b, cookie } = await janeInTwoPartners();
    expect((await mutate(ctx.app, "partners.switchPartner", { partnerId: a }, { cookie })).statusCode).toBe(200);
    await embedToken("install-a");
    const bearer = { authorization: `Bearer ${await embedToken("install-b")}` };
    const meB = (await query(ctx.app, "partners.me", { headers: bearer })).json().result.data.json;
    expect(meB.partners.map((p: { id: string }) => p.id)).toEqual([b]);
    const listed = (await query(ctx.app, "partners.sessions", { headers: bearer })).json().result.data.json as { id: string }[];
    const rows = await ctx.t.db.select({ id: sessions.id, partnerId: sessions.partnerId }).from(sessions);
    expect(listed.map((row) => row.id).sort()).toEqual(
      rows
        .filter((row) => row.partnerId === b)
        .map((row) => row.id)
        .sort(),
    );
    const atA = rows.filter((row) => row.partnerId === a);
    expect(atA.length).toBeGreaterThan(1); // an embed session at A and the portal's, now acting for A
    for (const row of atA) {
      expect((await mutate(ctx.app, "partners.revokeSession", { id: row.id }, { headers: bearer })).statusCode).toBe(404);
    }
    expect((await mutate(ctx.app, "partners.logoutOthers", {}, { headers: bearer })).statusCode).toBe(200);
    expect((await mutate(ctx.app, "partners.logoutEverywhere", {}, { headers: bearer })).statusCode).toBe(200);
    expect((await ctx.t.db.select({ id: sessions.id }).from(sessions).where(eq(sessions.partnerId, a))).length).toBe(atA.length);
    expect((await me(cookie)).partner.id).toBe(a);
  });
});

/** An embed session opened from Peek Pro for Jane at an installation. */
async function embedToken(installId: string) {
  const peekAuth = await mintPeekToken({
    installId,
    secret: TEST_SECRETS.PEEK_APP_SECRET,
    user: { id: "u1", email: "jane@example.com", name: "Jane" },
  });
  const opened = await ctx.app.inject({
    method: "POST",
    url: "/peek-pro/session",
    headers: { "content-type": "application/json" },
    payload: JSON.stringify({ "peek-auth": peekAuth }),
  });
  return (opened.json() as { token: string }).token;
}
