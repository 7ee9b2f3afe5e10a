import { partners, sessions } from "@kit/db";
import { mintClientToken, mintPeekToken } from "@kit/peek";
import { SignJWT, UnsecuredJWT } from "jose";
import { describe, expect, it } from "vitest";
import { installationBody, postWebhook } from "../__tests__/peek-fixtures";
import { TEST_SECRETS, useTestApp } from "../__tests__/test-app";

/**
 * JWT abuse against every route that takes a token: each hostile token is refused with 401 and changes nothing.
 * The routes: both installation webhook paths, the booking webhook, the embed landing and session exchange, the
 * widget API and a partner-scoped procedure (service tokens).
 */
const ctx = useTestApp();
const key = (s: string) => new TextEncoder().encode(s);
const nowS = () => Math.floor(Date.now() / 1000);
const user = { id: "u1", email: "jane@example.com", name: "Jane", is_admin: false };

const sign = (claims: Record<string, unknown>, alg = "HS256", secret = TEST_SECRETS.PEEK_APP_SECRET) =>
  new SignJWT(claims).setProtectedHeader({ alg, typ: "JWT" }).sign(key(secret));
const base = (over: Record<string, unknown> = {}) => ({
  iss: "app_registry_v2",
  aud: "Joken",
  sub: "install-123",
  iat: nowS(),
  exp: nowS() + 60,
  user,
  ...over,
});

const HOSTILE: [string, () => Promise<string>][] = [
  ["alg none", async () => new UnsecuredJWT(base()).encode()],
  ["HS512 instead of HS256", () => sign(base(), "HS512")],
  [
    "an RS256 header on an HMAC signature",
    async () => {
      const good = await sign(base());
      const [, payload, signature] = good.split(".");
      return `${Buffer.from(JSON.stringify({ alg: "RS256", typ: "JWT" })).toString("base64url")}.${payload}.${signature}`;
    },
  ],
  ["no exp", () => sign(base({ exp: undefined }))],
  ["expired", () => sign(base({ exp: nowS() - 120, iat: nowS() - 300 }))],
  ["exp a year ahead", () => sign(base({ exp: nowS() + 365 * 86_400 }))],
  ["issued a minute in the future", () => sign(base({ iat: nowS() + 60 }))],
  ["issued a year in the future, not valid before now", () => sign(base({ iat: nowS() + 365 * 86_400, nbf: nowS() - 1 }))],
  // Without a user, so that the booking route reads the token's iat as the delivery's time.
  ["issued before year 1, without a user", () => sign(base({ iat: -1e13, user: null }))],
  ["issued a day before it expires, without a user", () => sign(base({ iat: nowS() - 86_400, user: null }))],
  ["no sub", () => sign(base({ sub: undefined }))],
  ["a foreign issuer", () => sign(base({ iss: "someone_else" }))],
  ["a foreign audience", () => sign(base({ aud: "NotJoken" }))],
  ["a wrong secret", () => sign(base(), "HS256", "not-the-peek-app-secret-0123456789")],
  [
    "a tampered payload",
    async () => {
      const [header, , signature] = (await sign(base())).split(".");
      return `${header}.${Buffer.from(JSON.stringify(base({ sub: "install-999" }))).toString("base64url")}.${signature}`;
    },
  ],
  ["a client (widget) token", () => mintClientToken({ installId: "install-123", secret: TEST_SECRETS.CLIENT_SECRET_TOKEN })],
  ["a client token signed with the Peek secret", () => mintClientToken({ installId: "install-123", secret: TEST_SECRETS.PEEK_APP_SECRET })],
  ["garbage", async () => "not.a.jwt"],
  ["an oversized token (64 KB)", () => sign(base({ padding: "x".repeat(64_000) }))],
];

async function snapshot() {
  return { partners: await ctx.t.db.$count(partners), sessions: await ctx.t.db.$count(sessions) };
}

describe("hostile Peek tokens", () => {
  it.each(HOSTILE)("%s: refused everywhere, nothing changes", async (_name, make) => {
    await postWebhook(ctx.app, "/registry/api/on-installation-status-change", installationBody());
    const before = await snapshot();
    const token = await make();
    const webhook = (url: string, body: unknown) => postWebhook(ctx.app, url, body, token);
    const results = {
      registry: (await webhook("/registry/api/on-installation-status-change", installationBody({ status: "uninstalled" }))).statusCode,
      peekPath: (await webhook("/peek-pro/api/on-installation-status-change", installationBody({ status: "uninstalled" }))).statusCode,
      booking: (await webhook("/peek-pro/api/on-booking-change", { booking: { id: "b1" } })).statusCode,
      session: (
        await ctx.app.inject({
          method: "POST",
          url: "/peek-pro/session",
          headers: { "content-type": "application/json" },
          payload: { "peek-auth": token },
        })
      ).statusCode,
      landing: (
        await ctx.app.inject({
          method: "POST",
          url: "/peek-pro/settings",
          headers: { "content-type": "application/x-www-form-urlencoded" },
          payload: new URLSearchParams({ "peek-auth": token }).toString(),
        })
      ).statusCode,
    };
    const { landing, ...rest } = results;
    expect(rest).toEqual({ registry: 401, peekPath: 401, booking: 401, session: 401 });
    expect([401, 413]).toContain(landing); // the landing's form body is capped at 16 KB: a huge token never gets parsed

    expect(await snapshot()).toEqual(before);
  });

  it("a Peek token is not a widget token nor a service token", async () => {
    await postWebhook(ctx.app, "/registry/api/on-installation-status-change", installationBody());
    const peek = await mintPeekToken({ installId: "install-123", secret: TEST_SECRETS.PEEK_APP_SECRET, user: null });
    const widget = await ctx.app.inject({ url: "/widget/hello", headers: { "x-peek-auth": `Bearer ${peek}` } });
    expect(widget.statusCode).toBe(401);
    const procedure = await ctx.app.inject({ url: "/trpc/partners.me", headers: { authorization: `Bearer ${peek}` } });
    expect(procedure.statusCode).toBe(401);
  });

  it("a token in a header of absurd size is refused before any work (431 or 401, never 500)", async () => {
    const response = await ctx.app.inject({
      method: "POST",
      url: "/registry/api/on-installation-status-change",
      headers: { "content-type": "application/json", "x-peek-auth": `Bearer ${"a".repeat(200_000)}` },
      payload: "{}",
    });
    expect([401, 431]).toContain(response.statusCode);
  });
});
