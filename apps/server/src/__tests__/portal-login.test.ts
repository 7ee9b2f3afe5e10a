import { sessions } from "@kit/db";
import { describe, expect, it } from "vitest";
import { installationBody, postWebhook } from "./peek-fixtures";
import { APP_ORIGIN, linkTokenOf, mutate, partnerUserViaPeek, query, sessionCookieOf, waitForMail } from "./portal-fixtures";
import { recordingLogger, useTestApp } from "./test-app";

let now = new Date();
const recorder = recordingLogger();
const ctx = useTestApp(() => ({ clock: () => now, logger: recorder.logger }));

async function signInLink(email = "jane@example.com") {
  const before = (await waitForMail(ctx.app, 0, 0)).length;
  expect((await mutate(ctx.app, "partners.requestLoginLink", { email })).statusCode).toBe(200);
  const mail = await waitForMail(ctx.app, before + 1);
  return linkTokenOf(mail[0]?.text ?? "");
}

describe("portal sign-in by magic link", () => {
  it("answers known and unknown addresses identically, and mails only the known one", async () => {
    now = new Date();
    await partnerUserViaPeek(ctx.app);
    const known = await mutate(ctx.app, "partners.requestLoginLink", { email: "Jane@Example.com" });
    const unknown = await mutate(ctx.app, "partners.requestLoginLink", { email: "nobody@example.com" });
    expect(known.statusCode).toBe(200);
    expect(unknown.statusCode).toBe(200);
    expect(known.body).toBe(unknown.body);
    const mail = await waitForMail(ctx.app, 1);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await waitForMail(ctx.app, 1, 0)).toHaveLength(1);
    expect(mail[0]).toMatchObject({ to: "jane@example.com", subject: "Sign in to Peek App Kit" });
    expect(mail[0]?.text).toContain(`${APP_ORIGIN}/login/confirm?token=`);
    expect(mail[0]?.text).toContain("Demo park");
    expect(mail[0]?.text).toContain("expires in 15 minutes");
    expect(mail[0]?.html).toContain("<a href=");
  });

  it("finds the person Peek named however the typed address composes its accents (NFC, as Peek's claims)", async () => {
    now = new Date();
    const composed = "ren\u00e9@example.com";
    await partnerUserViaPeek(ctx.app, composed);
    // The same address typed with "e" and a combining acute accent.
    const token = await signInLink("Rene\u0301@Example.com");
    const info = await mutate(ctx.app, "partners.loginLinkInfo", { token });
    expect(info.json().result.data.json).toEqual({ valid: true, email: "r***@example.com" });
    const mail = await waitForMail(ctx.app, 1);
    expect(mail.at(-1)?.to).toBe(composed);
  });

  it("shows whom a link signs in without using it, then signs in once with a cookie session", async () => {
    now = new Date();
    await partnerUserViaPeek(ctx.app);
    const token = await signInLink();
    for (let i = 0; i < 2; i++) {
      const info = await mutate(ctx.app, "partners.loginLinkInfo", { token });
      expect(info.json().result.data.json).toEqual({ valid: true, email: "j***@example.com" });
    }
    await ctx.app.inject({ url: `/login/confirm?token=${token}`, headers: { accept: "text/html" } });
    expect(recorder.lines.join("\n")).not.toContain(token);

    const confirmed = await mutate(ctx.app, "partners.confirmLogin", { token });
    expect(confirmed.statusCode).toBe(200);
    expect(confirmed.json().result.data.json).toEqual({ redirectTo: "/settings" });
    const setCookie = String(confirmed.headers["set-cookie"]);
    expect(setCookie).toMatch(/^kit_session=[A-Za-z0-9_-]{43}; Max-Age=1209600; Path=\/; HttpOnly; SameSite=Lax$/);
    const cookie = sessionCookieOf(confirmed);
    const me = await query(ctx.app, "partners.me", { cookie });
    expect(me.statusCode).toBe(200);
    expect(me.json().result.data.json).toMatchObject({ user: { email: "jane@example.com" }, sessionKind: "portal" });

    const reused = await mutate(ctx.app, "partners.confirmLogin", { token });
    expect(reused.statusCode).toBe(400);
    expect((await mutate(ctx.app, "partners.loginLinkInfo", { token })).json().result.data.json).toEqual({ valid: false });
  });

  it("refuses an expired link", async () => {
    now = new Date();
    await partnerUserViaPeek(ctx.app);
    const token = await signInLink();
    now = new Date(Date.now() + 16 * 60_000);
    expect((await mutate(ctx.app, "partners.confirmLogin", { token })).statusCode).toBe(400);
    now = new Date();
  });

  it("gives one session for parallel confirmations of one link", async () => {
    now = new Date();
    await partnerUserViaPeek(ctx.app);
    const token = await signInLink();
    const before = await ctx.t.db.$count(sessions);
    const results = await Promise.all(Array.from({ length: 5 }, () => mutate(ctx.app, "partners.confirmLogin", { token })));
    expect(results.filter((r) => r.statusCode === 200)).toHaveLength(1);
    expect(await ctx.t.db.$count(sessions)).toBe(before + 1);
  });

  it("returns only to an internal path", async () => {
    now = new Date();
    await partnerUserViaPeek(ctx.app);
    for (const [returnTo, expected] of [
      ["/settings?tab=sessions", "/settings?tab=sessions"],
      ["https://evil.example/x", "/settings"],
      ["//evil.example/x", "/settings"],
    ] as const) {
      const before = (await waitForMail(ctx.app, 0, 0)).length;
      await mutate(ctx.app, "partners.requestLoginLink", { email: "jane@example.com", returnTo });
      const token = linkTokenOf((await waitForMail(ctx.app, before + 1))[0]?.text ?? "");
      expect((await mutate(ctx.app, "partners.confirmLogin", { token })).json().result.data.json).toEqual({ redirectTo: expected });
    }
  });

  it("signs out here, and everywhere", async () => {
    now = new Date();
    await partnerUserViaPeek(ctx.app);
    const first = sessionCookieOf(await mutate(ctx.app, "partners.confirmLogin", { token: await signInLink() }));
    const second = sessionCookieOf(await mutate(ctx.app, "partners.confirmLogin", { token: await signInLink() }));
    const third = sessionCookieOf(await mutate(ctx.app, "partners.confirmLogin", { token: await signInLink() }));

    const listed = (await query(ctx.app, "partners.sessions", { cookie: first })).json().result.data.json as {
      current: boolean;
      kind: string;
    }[];
    expect(listed.filter((s) => s.current)).toHaveLength(1);
    expect(listed.filter((s) => s.kind === "portal").length).toBeGreaterThanOrEqual(3);

    const out = await mutate(ctx.app, "partners.logout", {}, { cookie: first });
    expect(out.statusCode).toBe(200);
    expect(String(out.headers["set-cookie"])).toMatch(/^kit_session=; Max-Age=0/);
    expect((await query(ctx.app, "partners.me", { cookie: first })).statusCode).toBe(401);
    expect((await query(ctx.app, "partners.me", { cookie: second })).statusCode).toBe(200);

    // A link mailed before, not used yet, is a session to come: signing out everywhere ends it too.
    const pending = await signInLink();
    expect((await mutate(ctx.app, "partners.logoutEverywhere", {}, { cookie: second })).statusCode).toBe(200);
    expect((await query(ctx.app, "partners.me", { cookie: third })).statusCode).toBe(401);
    expect((await mutate(ctx.app, "partners.confirmLogin", { token: pending })).statusCode).toBe(400);
  });

  it("signing out the other sessions ends the links not used yet as well", async () => {
    now = new Date();
    await partnerUserViaPeek(ctx.app);
    const here = sessionCookieOf(await mutate(ctx.app, "partners.confirmLogin", { token: await signInLink() }));
    const pending = await signInLink();
    expect((await mutate(ctx.app, "partners.logoutOthers", {}, { cookie: here })).statusCode).toBe(200);
    expect((await mutate(ctx.app, "partners.confirmLogin", { token: pending })).statusCode).toBe(400);
  });

  it("a link of a person no partner admits any more says so and is not used up (it works again if the app comes back)", async () => {
    now = new Date();
    await partnerUserViaPeek(ctx.app);
    const token = await signInLink();
    const uninstall = installationBody({ status: "uninstalled" }, { id: "acct-install-123" });
    expect((await postWebhook(ctx.app, "/registry/api/on-installation-status-change", uninstall)).statusCode).toBe(200);
    const refused = await mutate(ctx.app, "partners.confirmLogin", { token });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.json.message).toMatch(/no partner/i);
    expect(refused.headers["set-cookie"]).toBeUndefined();
    expect((await mutate(ctx.app, "partners.loginLinkInfo", { token })).json().result.data.json).toMatchObject({ valid: true });
    await partnerUserViaPeek(ctx.app); // installed again
    expect((await mutate(ctx.app, "partners.confirmLogin", { token })).statusCode).toBe(200);
  });

  it("signs out everywhere else: the other sessions end, this one stays", async () => {
    now = new Date();
    await partnerUserViaPeek(ctx.app);
    const here = sessionCookieOf(await mutate(ctx.app, "partners.confirmLogin", { token: await signInLink() }));
    const elsewhere = sessionCookieOf(await mutate(ctx.app, "partners.confirmLogin", { token: await signInLink() }));
    const response = await mutate(ctx.app, "partners.logoutOthers", {}, { cookie: here });
    expect(response.statusCode).toBe(200);
    expect(response.json().result.data.json.signedOut).toBeGreaterThanOrEqual(1);
    expect(response.headers["set-cookie"]).toBeUndefined();
    expect((await query(ctx.app, "partners.me", { cookie: here })).statusCode).toBe(200);
    expect((await query(ctx.app, "partners.me", { cookie: elsewhere })).statusCode).toBe(401);
    const listed = (await query(ctx.app, "partners.sessions", { cookie: here })).json().result.data.json as { current: boolean }[];
    expect(listed).toEqual([expect.objectContaining({ current: true })]);
  });

  it("writes the sign-in mail in the language the user asked in", async () => {
    now = new Date();
    await partnerUserViaPeek(ctx.app);
    const before = (await waitForMail(ctx.app, 0, 0)).length;
    await mutate(ctx.app, "partners.requestLoginLink", { email: "jane@example.com", locale: "es" });
    const [mail] = await waitForMail(ctx.app, before + 1);
    expect(mail?.subject).toMatch(/^Inicia sesión en /);
    expect(mail?.text).toContain("El enlace funciona una sola vez y caduca en 15 minutos.");
    expect(mail?.html).toContain('<html lang="es">');
    const refused = await mutate(ctx.app, "partners.requestLoginLink", { email: "jane@example.com", locale: "fr" });
    expect(refused.statusCode).toBe(400);
  });
});

describe("CSRF on cookie-authenticated mutations", () => {
  it("refuses cross-site form, text/plain and foreign-origin posts, and changes nothing", async () => {
    now = new Date();
    await partnerUserViaPeek(ctx.app);
    const cookie = sessionCookieOf(await mutate(ctx.app, "partners.confirmLogin", { token: await signInLink() }));
    const attempts = [
      { "content-type": "application/x-www-form-urlencoded", origin: "https://evil.example" },
      { "content-type": "text/plain", origin: "https://evil.example" },
      { "content-type": "text/plain", origin: APP_ORIGIN },
      { "content-type": "application/json", origin: "https://evil.example" },
      { "content-type": "application/json", "sec-fetch-site": "cross-site" },
    ];
    for (const headers of attempts) {
      const response = await ctx.app.inject({
        method: "POST",
        url: "/trpc/partners.logoutEverywhere",
        headers: { cookie, ...headers },
        payload: headers["content-type"] === "application/json" ? '{"json":{}}' : "json={}",
      });
      expect(response.statusCode, JSON.stringify(headers)).toBeGreaterThanOrEqual(400);
      expect(response.statusCode).toBeLessThan(500);
      expect((await query(ctx.app, "partners.me", { cookie })).statusCode).toBe(200);
    }
    const sameSite = await mutate(ctx.app, "partners.logout", {}, { cookie, headers: { origin: "", "sec-fetch-site": "same-origin" } });
    expect(sameSite.statusCode).toBe(200);
  });

  it("does not let a cross-site page sign a browser in (confirmLogin is same-origin only)", async () => {
    now = new Date();
    await partnerUserViaPeek(ctx.app);
    const token = await signInLink();
    const forged = await mutate(ctx.app, "partners.confirmLogin", { token }, { headers: { origin: "https://evil.example" } });
    expect(forged.statusCode).toBe(403);
    expect((await mutate(ctx.app, "partners.loginLinkInfo", { token })).json().result.data.json).toMatchObject({ valid: true });
  });
});

describe("sign-in rate limits", () => {
  it("allows 5 links per address per 15 minutes, then 429 with Retry-After, for unknown addresses too", async () => {
    now = new Date("2026-11-25T12:00:00Z");
    for (const email of ["rate@example.com", "unknown-rate@example.com"]) {
      for (let i = 0; i < 5; i++) expect((await mutate(ctx.app, "partners.requestLoginLink", { email })).statusCode).toBe(200);
      const limited = await mutate(ctx.app, "partners.requestLoginLink", { email });
      expect(limited.statusCode).toBe(429);
      expect(limited.headers["retry-after"]).toBe("900");
    }
    now = new Date();
  });

  it("another client can still get a link when one used up an address's allowance, up to 4 times the allowance in all", async () => {
    now = new Date("2026-11-26T12:00:00Z");
    const email = "victim@example.com";
    const from = (remoteAddress: string) => mutate(ctx.app, "partners.requestLoginLink", { email }, { remoteAddress });
    for (let i = 0; i < 5; i++) expect((await from("203.0.113.1")).statusCode).toBe(200);
    expect((await from("203.0.113.1")).statusCode).toBe(429);
    // The person themself, elsewhere: not locked out by someone else's requests.
    expect((await from("198.51.100.7")).statusCode).toBe(200);
    for (const ip of ["198.51.100.8", "198.51.100.9"]) for (let i = 0; i < 5; i++) await from(ip);
    for (let i = 0; i < 4; i++) expect((await from("198.51.100.7")).statusCode).toBe(200);
    // 20 in all for one address: no more mail to it this window, from anywhere.
    expect((await from("192.0.2.50")).statusCode).toBe(429);
    now = new Date();
  });

  it("counts an IPv6 client by its /64 (one subscriber's addresses), an IPv4-mapped one as IPv4", async () => {
    now = new Date("2026-11-27T12:00:00Z");
    const ask = (i: number, remoteAddress: string) =>
      mutate(ctx.app, "partners.requestLoginLink", { email: `v6-${i}@example.com` }, { remoteAddress });
    for (let i = 0; i < 30; i++) expect((await ask(i, `2001:db8:0:1::${(i + 1).toString(16)}`)).statusCode).toBe(200);
    expect((await ask(30, "2001:db8:0:1:ffff::1")).statusCode).toBe(429);
    expect((await ask(31, "2001:db8:0:2::1")).statusCode).toBe(200);
    for (let i = 0; i < 30; i++) await ask(100 + i, "198.51.100.20");
    expect((await ask(200, "::ffff:198.51.100.20")).statusCode).toBe(429);
    now = new Date();
  });
});

describe("portal session lifetime", () => {
  it("reissues a week-old session with a new token, keeps the old one for a minute's grace, then retires it", async () => {
    now = new Date();
    await partnerUserViaPeek(ctx.app);
    const cookie = sessionCookieOf(await mutate(ctx.app, "partners.confirmLogin", { token: await signInLink() }));
    const week = Date.now() + 8 * 86_400_000;
    now = new Date(week);
    const me = await query(ctx.app, "partners.me", { cookie });
    expect(me.statusCode).toBe(200);
    const renewed = sessionCookieOf(me);
    expect(renewed).toMatch(/^kit_session=[A-Za-z0-9_-]{43}$/);
    expect(renewed).not.toBe(cookie);
    now = new Date(week + 59_000);
    const inGrace = await query(ctx.app, "partners.me", { cookie });
    expect(inGrace.statusCode).toBe(200);
    expect(inGrace.headers["set-cookie"]).toBeUndefined(); // the grace does not reissue again
    now = new Date(week + 61_000);
    expect((await query(ctx.app, "partners.me", { cookie })).statusCode).toBe(401);
    expect((await query(ctx.app, "partners.me", { cookie: renewed })).statusCode).toBe(200);
    now = new Date(Date.now() + 30 * 86_400_000);
    expect((await query(ctx.app, "partners.me", { cookie: renewed })).statusCode).toBe(401);
    now = new Date();
  });

  it("ends 30 days after the sign-in however often it is used (reissued weekly, never past that), keeping its sign-in time", async () => {
    const signIn = Date.now();
    now = new Date(signIn);
    await partnerUserViaPeek(ctx.app);
    let cookie = sessionCookieOf(await mutate(ctx.app, "partners.confirmLogin", { token: await signInLink() }));
    const day = 86_400_000;
    for (let at = 6; at < 30; at += 6) {
      now = new Date(signIn + at * day);
      const me = await query(ctx.app, "partners.me", { cookie });
      expect(me.statusCode, `day ${at}`).toBe(200);
      if (me.headers["set-cookie"]) cookie = sessionCookieOf(me);
    }
    const listed = (await query(ctx.app, "partners.sessions", { cookie })).json().result.data.json as {
      current: boolean;
      createdAt: string;
    }[];
    expect(new Date(listed.find((s) => s.current)?.createdAt ?? 0).getTime()).toBe(signIn);
    now = new Date(signIn + 30 * day + 1000);
    expect((await query(ctx.app, "partners.me", { cookie })).statusCode).toBe(401);
    now = new Date();
  });

  it("parallel requests with a week-old cookie reissue once, all succeed, and leave one session", async () => {
    now = new Date();
    await partnerUserViaPeek(ctx.app);
    const cookie = sessionCookieOf(await mutate(ctx.app, "partners.confirmLogin", { token: await signInLink() }));
    const sessionsBefore = await ctx.t.db.$count(sessions);
    now = new Date(Date.now() + 8 * 86_400_000);
    const responses = await Promise.all(Array.from({ length: 8 }, () => query(ctx.app, "partners.me", { cookie })));
    expect(responses.map((r) => r.statusCode)).toEqual(Array(8).fill(200));
    expect(responses.filter((r) => r.headers["set-cookie"] !== undefined)).toHaveLength(1);
    expect(await ctx.t.db.$count(sessions)).toBe(sessionsBefore);
    now = new Date();
  });
});
