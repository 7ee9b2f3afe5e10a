import { hashToken } from "@kit/api";
import { partners, sessions } from "@kit/db";
import { createTestDb, type TestDatabase } from "@kit/db/testing";
import { mintPeekToken } from "@kit/peek";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { installationBody, postWebhook } from "./peek-fixtures";
import { buildTestApp, recordingLogger, TEST_SECRETS, testConfig } from "./test-app";

const PEEK = "https://pro.peek.com";
let t: TestDatabase;
let app: FastifyInstance;
let lines: string[];
beforeAll(async () => {
  t = await createTestDb();
  const recorder = recordingLogger();
  lines = recorder.lines;
  app = await buildTestApp(t, { logger: recorder.logger });
});
beforeEach(async () => {
  await t.reset();
  lines.length = 0;
});
afterAll(async () => {
  await app.close();
  await t.close();
});

const jane = { id: "789", email: "Jane.Doe@Example.com", name: "Jane Doe", locale: "es" };
const userToken = (installId = "install-123", user: typeof jane | null = jane, ttlSeconds = 60) =>
  mintPeekToken({ installId, secret: TEST_SECRETS.PEEK_APP_SECRET, user, ttlSeconds });
const install = (status = "installed") => postWebhook(app, "/registry/api/on-installation-status-change", installationBody({ status }));

const land = (
  token: string | null,
  options: { url?: string; attempt?: string; origin?: string; header?: boolean; dest?: string; parentOrigin?: string } = {},
) => {
  const form = new URLSearchParams();
  if (token && !options.header) form.set("peek-auth", token);
  if (options.attempt !== undefined) form.set("attempt", options.attempt);
  if (options.parentOrigin !== undefined) form.set("parent-origin", options.parentOrigin);
  return app.inject({
    method: "POST",
    url: options.url ?? "/peek-pro/settings",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      origin: options.origin ?? PEEK,
      ...(options.dest ? { "sec-fetch-dest": options.dest } : {}),
      ...(options.header && token ? { "x-peek-auth": `Bearer ${token}` } : {}),
    },
    payload: form.toString(),
  });
};

function bootstrapOf(html: string) {
  const json = /<script type="application\/json" id="kit-embed-session">(.*?)<\/script>/.exec(html)?.[1];
  return json ? JSON.parse(json) : null;
}

function expectNoTokenLeak(response: { headers: Record<string, unknown>; body: string }, token: string) {
  expect(response.headers.location).toBeUndefined();
  expect(lines.join("\n")).not.toContain(token);
}

describe("POST /peek-pro/settings", () => {
  it("opens the SPA with an embed session in the bootstrap element, never in a URL", async () => {
    await install();
    const token = await userToken();
    const response = await land(token);
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toMatch(/^text\/html/);
    expect(response.headers["cache-control"]).toBe("no-store");
    expect(response.headers["referrer-policy"]).toBe("no-referrer");
    expect(response.headers["content-security-policy"]).toContain("frame-ancestors https://peek.com https://*.peek.com");
    const bootstrap = bootstrapOf(response.body);
    expect(bootstrap).toMatchObject({ token: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/), parentOrigin: PEEK, locale: "es" });
    expect(Date.parse(bootstrap.expiresAt) - Date.now()).toBeGreaterThan(3500_000);
    expect(response.body).not.toContain(token);
    expectNoTokenLeak(response, token);
    expect(lines.join("\n")).not.toContain(bootstrap.token);

    const [stored] = await t.db.select().from(sessions);
    expect(stored).toMatchObject({ kind: "embed" });
    expect(stored?.tokenHash.equals(hashToken(bootstrap.token))).toBe(true);
  });

  it("works with a trailing slash and with the token in the header, and lower-cases the email", async () => {
    await install();
    const token = await userToken();
    expect((await land(token, { url: "/peek-pro/settings/" })).statusCode).toBe(200);
    expect((await land(token, { header: true })).statusCode).toBe(200);
    const me = await app.inject({
      url: "/trpc/partners.me",
      headers: { authorization: `Bearer ${bootstrapOf((await land(token)).body).token}` },
    });
    expect(me.json().result.data.json.user.email).toBe("jane.doe@example.com");
  });

  it("gives no parent origin to a landing from a site that is not Peek", async () => {
    await install();
    const response = await land(await userToken(), { origin: "https://pro.peek.com.evil.example" });
    expect(bootstrapOf(response.body).parentOrigin).toBeNull();
  });

  it("opens no session in a window of its own (login CSRF): a page of another site posting its token gets a page saying so", async () => {
    await install();
    const token = await userToken();
    const topLevel = await land(token, { origin: "https://evil.example", dest: "document" });
    expect(topLevel.statusCode).toBe(403);
    expect(bootstrapOf(topLevel.body)).toBeNull();
    expect(topLevel.body).toContain("Abre Peek App Kit desde Peek Pro");
    expect(await t.db.$count(sessions)).toBe(0);
    expect((await land(token, { dest: "iframe" })).statusCode).toBe(200);
    expect(await t.db.$count(sessions)).toBe(1);
  });

  it("keeps Peek Pro's origin across the pending page's re-post, which comes from the app's own page", async () => {
    const token = await userToken();
    const pending = await land(token, { dest: "iframe" });
    expect(pending.body).toContain(`name="parent-origin" value="${PEEK}"`);
    await install();
    // Under the pending page's no-referrer policy the browser sends Origin "null" (or the app's own origin).
    const appOrigin = new URL(testConfig().appUrl).origin;
    for (const origin of ["null", appOrigin]) {
      const reposted = await land(token, { origin, parentOrigin: PEEK, attempt: "1", dest: "iframe" });
      expect(bootstrapOf(reposted.body).parentOrigin, origin).toBe(PEEK);
    }
    // A carried origin counts only from the app's own page, and only when it is Peek's; the app is never its own parent.
    expect(bootstrapOf((await land(token, { origin: "https://evil.example", parentOrigin: PEEK })).body).parentOrigin).toBeNull();
    expect(bootstrapOf((await land(token, { origin: "null", parentOrigin: "https://evil.example" })).body).parentOrigin).toBeNull();
    expect(bootstrapOf((await land(token, { origin: appOrigin })).body).parentOrigin).toBeNull();
  });

  it("answers a pending installation with a page that re-posts the same token (in the body) with the next attempt", async () => {
    const token = await userToken();
    const response = await land(token, { url: "/peek-pro/settings/", attempt: "3" });
    expect(response.statusCode).toBe(200);
    // Jane's token says `es`: the page speaks Spanish, in the app's look (its stylesheet or the fallback rules).
    expect(response.body).toContain('<html lang="es">');
    expect(response.body).toContain("Terminando la instalación…");
    expect(response.body).toContain('class="kit-spinner"');
    expect(response.body).toContain('action="/peek-pro/settings/"');
    expect(response.body).toContain(`name="peek-auth" value="${token}"`);
    expect(response.body).toContain('name="attempt" value="4"');
    expect(response.headers["cache-control"]).toBe("no-store");
    const csp = String(response.headers["content-security-policy"]);
    expect(csp).toMatch(/script-src 'nonce-[A-Za-z0-9+/=]+'/);
    expect(csp).toContain("frame-ancestors https://peek.com");
    expectNoTokenLeak(response, token);
    expect(await t.db.$count(sessions)).toBe(0);
  });

  it.each(["abc", "-1", "1e9", "99999999999999999999", ""])("never fails on attempt=%j", async (attempt) => {
    const response = await land(await userToken(), { attempt });
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('name="attempt" value="1"');
  });

  it("stops re-posting after the last attempt and says installation did not complete", async () => {
    const response = await land(await userToken(), { attempt: "20" });
    expect(response.body).toMatch(/<div id="waiting" hidden>/);
    expect(response.body).toContain("La instalación no se completó");
  });

  it("answers an uninstalled partner with 403 and says how to install, in the user's language", async () => {
    await install("uninstalled");
    const response = await land(await userToken());
    expect(response.statusCode).toBe(403);
    expect(response.body).toContain("Esta aplicación no está instalada");
    expect(response.body).toContain("abre la App Store en Peek Pro");
    const english = await land(await userToken("install-123", { ...jane, locale: "en-US" }));
    expect(english.body).toContain("This app is not installed");
    expect(english.body).toContain("To install it, open the App Store in Peek Pro");
    expect(await t.db.$count(sessions)).toBe(0);
  });

  it.each<[string, () => Promise<string | null>]>([
    ["no token", async () => null],
    ["an expired token", () => userToken("install-123", jane, -60)],
    ["a token signed with another secret", () => mintPeekToken({ installId: "install-123", secret: "x".repeat(40), user: jane })],
    ["a system token (no user)", () => userToken("install-123", null)],
    ["a user without an email", () => userToken("install-123", { ...jane, email: null as unknown as string })],
  ])("answers %s with the 401 session-expired page", async (_name, makeToken) => {
    await install();
    const token = await makeToken();
    const response = await land(token);
    expect(response.statusCode).toBe(401);
    // A refused token's locale is not trusted: English, unless the token was valid and only lacked an email.
    expect(response.body).toMatch(/Session expired|La sesión caducó/);
    expect(response.body).toContain('"peek-iframe-auth-refresh"');
    expect(response.body).toContain(JSON.stringify(PEEK));
    expect(response.body).not.toContain('"*"');
    if (token) expectNoTokenLeak(response, token);
    expect(await t.db.$count(sessions)).toBe(0);
  });
});

describe("POST /peek-pro/session", () => {
  const exchange = (body: unknown, contentType = "application/json") =>
    app.inject({ method: "POST", url: "/peek-pro/session", headers: { "content-type": contentType }, payload: JSON.stringify(body) });

  it("exchanges a fresh Peek token for a new embed session", async () => {
    await install();
    const token = await userToken();
    const response = await exchange({ "peek-auth": token });
    expect(response.statusCode).toBe(200);
    expect(response.headers["cache-control"]).toBe("no-store");
    expect(response.json()).toEqual({
      token: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      expiresAt: expect.stringMatching(/Z$/),
      locale: "es",
    });
    expect(await t.db.$count(sessions)).toBe(1);
    expectNoTokenLeak(response, token);
  });

  it("401 for a bad token or no user, 403 when uninstalled, 409 while the installation is pending, 415 for a form", async () => {
    expect((await exchange({ "peek-auth": "x.y.z" })).statusCode).toBe(401);
    expect((await exchange({})).statusCode).toBe(401);
    expect((await exchange({ "peek-auth": await userToken() })).json()).toMatchObject({
      error: { code: "CONFLICT", requestId: expect.any(String) },
    });
    expect((await exchange({ "peek-auth": await userToken() })).statusCode).toBe(409);
    await install();
    expect((await exchange({ "peek-auth": await userToken("install-123", null) })).statusCode).toBe(401);
    expect((await exchange({ "peek-auth": await userToken() }, "application/x-www-form-urlencoded")).statusCode).toBe(415);
    await install("uninstalled");
    expect((await exchange({ "peek-auth": await userToken() })).statusCode).toBe(403);
    expect(await t.db.$count(sessions)).toBe(0);
  });

  it("sessions of a partner end when the app is uninstalled", async () => {
    await install();
    const { token } = (await exchange({ "peek-auth": await userToken() })).json();
    const me = () => app.inject({ url: "/trpc/partners.me", headers: { authorization: `Bearer ${token}` } });
    expect((await me()).statusCode).toBe(200);
    await install("uninstalled");
    expect((await me()).statusCode).toBe(401);
    expect(await t.db.select().from(partners)).toHaveLength(1);
  });
});
