import { describe, expect, it } from "vitest";
import { linkTokenOf, mutate, partnerUserViaPeek, query, sessionCookieOf, waitForMail } from "../__tests__/portal-fixtures";
import { useTestApp } from "../__tests__/test-app";

/** Session abuse: fixation, reuse after sign-out, a Bearer header mixed with a cookie, made-up tokens. */
const ctx = useTestApp();

async function signIn(email = "jane@example.com") {
  await partnerUserViaPeek(ctx.app, email);
  await mutate(ctx.app, "partners.requestLoginLink", { email });
  const [mail] = await waitForMail(ctx.app, 1);
  const planted = "kit_session=attacker-chosen-session-value-0123456789abcdef";
  const confirmed = await mutate(ctx.app, "partners.confirmLogin", { token: linkTokenOf(mail?.text ?? "") }, { cookie: planted });
  expect(confirmed.statusCode).toBe(200);
  return { cookie: sessionCookieOf(confirmed), planted };
}

describe("session abuse", () => {
  it("fixation: signing in issues a new session, never the one an attacker planted", async () => {
    const { cookie, planted } = await signIn();
    expect(cookie).toMatch(/^kit_session=/);
    expect(cookie).not.toBe(planted);
    expect((await query(ctx.app, "partners.me", { cookie: planted })).statusCode).toBe(401);
    expect((await query(ctx.app, "partners.me", { cookie })).statusCode).toBe(200);
  });

  it("a session is dead after sign-out, even replayed", async () => {
    const { cookie } = await signIn();
    expect((await mutate(ctx.app, "partners.logout", undefined, { cookie })).statusCode).toBe(200);
    expect((await query(ctx.app, "partners.me", { cookie })).statusCode).toBe(401);
    expect((await mutate(ctx.app, "partners.logout", undefined, { cookie })).statusCode).toBe(401);
  });

  it("a Bearer header never falls back to the cookie: a bad Bearer with a good cookie is 401", async () => {
    const { cookie } = await signIn();
    const response = await ctx.app.inject({
      url: "/trpc/partners.me",
      headers: { cookie, authorization: "Bearer made-up-session-token-0123456789abcdef0123" },
    });
    expect(response.statusCode).toBe(401);
  });

  it.each([
    ["too long to be a token", `Bearer ${"a".repeat(600)}`],
    ["with characters no token has", "Bearer not a token"],
    ["empty", "Bearer "],
    ["in lower case, empty", "bearer"],
  ])("a Bearer header that is no token (%s) with a good cookie is 401 too", async (_name, authorization) => {
    const { cookie } = await signIn();
    const response = await ctx.app.inject({ url: "/trpc/partners.me", headers: { cookie, authorization } });
    expect(response.statusCode).toBe(401);
  });

  it("another scheme (a proxy's Basic credentials) leaves the cookie session working", async () => {
    const { cookie } = await signIn();
    const response = await ctx.app.inject({ url: "/trpc/partners.me", headers: { cookie, authorization: "Basic dXNlcjpwYXNz" } });
    expect(response.statusCode).toBe(200);
  });

  it.each(["", "x", "a".repeat(4_096), "../../etc/passwd", "' OR '1'='1", "\u00e9\u00e9\u00e9"])(
    "a made-up session token %# is 401, not 500",
    async (token) => {
      const response = await ctx.app.inject({ url: "/trpc/partners.me", headers: { authorization: `Bearer ${token}` } });
      expect(response.statusCode).toBe(401);
    },
  );

  it("a cookie-authenticated mutation from another site is refused (CSRF)", async () => {
    const { cookie } = await signIn();
    const response = await mutate(ctx.app, "partners.logout", undefined, { cookie, headers: { origin: "https://evil.example" } });
    expect(response.statusCode).toBe(403);
    expect((await query(ctx.app, "partners.me", { cookie })).statusCode).toBe(200);
  });
});
