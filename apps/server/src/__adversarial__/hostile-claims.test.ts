import { mintInternalToken, sampleWaiverPayload } from "@kit/api";
import { partners, partnerUsers, rowsOf, sessions, webhookDeliveries } from "@kit/db";
import { sql } from "drizzle-orm";
import { SignJWT } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import { installationBody, postWebhook } from "../__tests__/peek-fixtures";
import { TEST_SECRETS, testConfig, useTestApp } from "../__tests__/test-app";

/**
 * The "claims" table: validly signed tokens whose claims are hostile — every string claim of every token kind with a
 * NUL, a control character, 10 KB of text, or the wrong type — against every route that takes that kind. Each is
 * refused (401, or 413 where a form body caps its size first), never a 500, and nothing changes.
 */
// Nothing may change, and every case checks it: one installation serves the whole file.
const ctx = useTestApp(() => ({ config: testConfig({ INTERNAL_API_ISSUERS: "reporting-app" }) }), { resetEach: false });
beforeAll(async () => {
  expect((await postWebhook(ctx.app, "/registry/api/on-installation-status-change", installationBody())).statusCode).toBe(200);
});

const nowS = () => Math.floor(Date.now() / 1000);
const key = (secret: string) => new TextEncoder().encode(secret);
const sign = (claims: Record<string, unknown>, secret: string) =>
  new SignJWT(claims).setProtectedHeader({ alg: "HS256", typ: "JWT" }).sign(key(secret));

const VARIANTS: [string, unknown][] = [
  ["a NUL", "before\u0000after"],
  ["a control character", "bell\u0007"],
  ["10 KB of text", "x".repeat(10_240)],
  ["the wrong type", { nested: ["object"] }],
];

const user = { id: "u-1", email: "jane@example.com", name: "Jane", is_admin: true, locale: "es", platform: "peek", primary_role: "admin" };
const flat = {
  current_user_id: "u-1",
  current_user_email: "jane@example.com",
  current_user_name: "Jane",
  current_user_is_peek_admin: true,
  current_user_primary_role: "admin",
  current_user_locale: "es",
};
const registered = () => ({ iss: "app_registry_v2", aud: "Joken", sub: "install-123", jti: "jti-1", iat: nowS(), exp: nowS() + 60 });

/** Every string claim of Peek's two token shapes, each with a way to put a hostile value in it. */
const PEEK_CLAIMS: [string, (value: unknown) => Record<string, unknown>][] = [
  ...(["iss", "aud", "sub", "jti"] as const).map(
    (name) =>
      [name, (value: unknown) => ({ ...registered(), user, [name]: value })] as [string, (value: unknown) => Record<string, unknown>],
  ),
  ...(Object.keys(user) as (keyof typeof user)[])
    .filter((name) => name !== "is_admin")
    .map(
      (name) =>
        [`user.${name}`, (value: unknown) => ({ ...registered(), user: { ...user, [name]: value } })] as [
          string,
          (value: unknown) => Record<string, unknown>,
        ],
    ),
  ...(Object.keys(flat) as (keyof typeof flat)[])
    .filter((name) => name !== "current_user_is_peek_admin")
    .map(
      (name) =>
        [name, (value: unknown) => ({ ...registered(), iss: "peek_app_sdk", ...flat, [name]: value })] as [
          string,
          (value: unknown) => Record<string, unknown>,
        ],
    ),
];

const CASES = PEEK_CLAIMS.flatMap(([claim, build]) =>
  VARIANTS.map(([variant, value]) => [`${claim} with ${variant}`, build(value)] as [string, Record<string, unknown>]),
);

/** Everything a token route could write, in one query. */
async function snapshot() {
  return rowsOf(
    await ctx.t.db.execute(sql`select
      (select json_agg(p order by p.id) from ${partners} p) as partners,
      (select count(*) from ${partnerUsers}) as users,
      (select count(*) from ${sessions}) as sessions,
      (select count(*) from ${webhookDeliveries}) as deliveries`),
  );
}

describe("hostile claims in Peek tokens", () => {
  it("control: the same claims, unharmed, open a session", async () => {
    for (const claims of [
      { ...registered(), user },
      { ...registered(), iss: "peek_app_sdk", ...flat },
    ]) {
      const token = await sign(claims, TEST_SECRETS.PEEK_APP_SECRET);
      const response = await ctx.app.inject({
        method: "POST",
        url: "/peek-pro/session",
        headers: { "content-type": "application/json" },
        payload: { "peek-auth": token },
      });
      expect(response.statusCode).toBe(200);
    }
  });

  it.each(CASES)("%s: refused on every route, nothing changes", async (_name, claims) => {
    const before = await snapshot();
    const token = await sign(claims, TEST_SECRETS.PEEK_APP_SECRET);
    const webhook = async (url: string, body: unknown) => (await postWebhook(ctx.app, url, body, token)).statusCode;
    const statuses = {
      registry: await webhook("/registry/api/on-installation-status-change", installationBody({ status: "uninstalled" })),
      peekPath: await webhook("/peek-pro/api/on-installation-status-change", installationBody({ status: "uninstalled" })),
      booking: await webhook("/peek-pro/api/on-booking-change", { booking: { id: "b1" } }),
      waiver: await webhook("/peek-pro/api/on-waiver-signed", sampleWaiverPayload({ bookingId: "b_1", signedAt: new Date() })),
      mcp: (
        await ctx.app.inject({
          method: "POST",
          url: "/mcp",
          headers: { "content-type": "application/json", accept: "application/json", "x-peek-auth": `Bearer ${token}` },
          payload: { jsonrpc: "2.0", id: 1, method: "tools/list", params: {} },
        })
      ).statusCode,
      session: (
        await ctx.app.inject({
          method: "POST",
          url: "/peek-pro/session",
          headers: { "content-type": "application/json" },
          payload: { "peek-auth": token },
        })
      ).statusCode,
    };
    expect(statuses).toEqual({ registry: 401, peekPath: 401, booking: 401, waiver: 401, mcp: 401, session: 401 });
    const landing = await ctx.app.inject({
      method: "POST",
      url: "/peek-pro/settings",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      payload: new URLSearchParams({ "peek-auth": token }).toString(),
    });
    expect([401, 413]).toContain(landing.statusCode);
    expect(await snapshot()).toEqual(before);
  });
});

describe("hostile claims in widget and service tokens", () => {
  const CLAIMS = ["iss", "sub", "jti"] as const;
  const cases = CLAIMS.flatMap((claim) => VARIANTS.map(([variant, value]) => [`${claim} with ${variant}`, claim, value] as const));

  it("control: unharmed widget and service tokens are accepted", async () => {
    const widget = await sign({ ...registered(), iss: "app_registry_client" }, TEST_SECRETS.CLIENT_SECRET_TOKEN);
    expect((await ctx.app.inject({ url: "/widget/hello", headers: { "x-peek-auth": `Bearer ${widget}` } })).statusCode).toBe(200);
    const service = await mintInternalToken({
      issuer: "reporting-app",
      installId: "install-123",
      secret: TEST_SECRETS.INTERNAL_API_SECRET,
    });
    expect((await ctx.app.inject({ url: "/trpc/partners.me", headers: { authorization: `Bearer ${service}` } })).statusCode).toBe(200);
  });

  it.each(cases)("%s: a widget token is refused", async (_name, claim, value) => {
    const token = await sign({ ...registered(), iss: "app_registry_client", [claim]: value }, TEST_SECRETS.CLIENT_SECRET_TOKEN);
    const response = await ctx.app.inject({ url: "/widget/hello", headers: { "x-peek-auth": `Bearer ${token}` } });
    expect(response.statusCode).toBe(401);
  });

  it.each(cases)("%s: a service token is refused", async (_name, claim, value) => {
    const good = await mintInternalToken({ issuer: "reporting-app", installId: "install-123", secret: TEST_SECRETS.INTERNAL_API_SECRET });
    const claims = JSON.parse(Buffer.from(good.split(".")[1] ?? "", "base64url").toString());
    const token = await sign({ ...claims, [claim]: value }, TEST_SECRETS.INTERNAL_API_SECRET);
    const response = await ctx.app.inject({ url: "/trpc/partners.me", headers: { authorization: `Bearer ${token}` } });
    expect(response.statusCode).toBe(401);
  });
});
