import { createTestDb, type TestDatabase } from "@kit/db/testing";
import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import { linkTokenOf, mutate, partnerUserViaPeek, sessionCookieOf, waitForMail } from "./portal-fixtures";
import { buildTestApp, testConfig } from "./test-app";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDb();
});
beforeEach(() => t.reset());
afterAll(() => t.close());

const production = { NODE_ENV: "production", PEEK_APP_ID: "kit", APP_URL: "https://app.example.com" };

it("has no dev mailbox in production, and no email sign-in without SMTP there", async () => {
  const app = await buildTestApp(t, { config: testConfig(production) });
  expect((await app.inject("/dev/mailbox.json")).statusCode).toBe(404);
  expect((await app.inject({ url: "/dev/mailbox", headers: { accept: "text/html" } })).statusCode).toBe(404);
  const refused = await mutate(app, "partners.requestLoginLink", { email: "a@b.co" }, { headers: { origin: "https://app.example.com" } });
  expect(refused.statusCode).toBe(412);
  await app.close();
});

it("names the session cookie __Host- and marks it Secure under https", async () => {
  const origin = { origin: "https://app.example.com" };
  const app = await buildTestApp(t, { config: testConfig({ APP_URL: "https://app.example.com" }) });
  await partnerUserViaPeek(app);
  await mutate(app, "partners.requestLoginLink", { email: "jane@example.com" }, { headers: origin });
  const token = linkTokenOf((await waitForMail(app, 1))[0]?.text ?? "");
  const confirmed = await mutate(app, "partners.confirmLogin", { token }, { headers: origin });
  expect(String(confirmed.headers["set-cookie"])).toMatch(
    /^__Host-kit_session=[A-Za-z0-9_-]{43}; Max-Age=\d+; Path=\/; HttpOnly; SameSite=Lax; Secure$/,
  );
  const cookie = sessionCookieOf(confirmed);
  expect((await app.inject({ url: "/trpc/partners.me", headers: { cookie } })).statusCode).toBe(200);
  expect((await app.inject({ url: "/trpc/partners.me", headers: { cookie: cookie.replace("__Host-", "") } })).statusCode).toBe(401);
  await app.close();
});

it("takes the client IP from X-Forwarded-For only through the configured proxy hops", async () => {
  const limit = { LOGIN_RATE_PER_IP: "2", LOGIN_RATE_PER_EMAIL: "100" };
  const send = (app: Awaited<ReturnType<typeof buildTestApp>>, ip: string, i: number) =>
    mutate(app, "partners.requestLoginLink", { email: `u${i}@example.com` }, { headers: { "x-forwarded-for": ip } });

  const direct = await buildTestApp(t, { config: testConfig(limit), runJobWorkers: false });
  const codes = [];
  for (let i = 0; i < 3; i++) codes.push((await send(direct, `198.51.100.${i}`, i)).statusCode);
  expect(codes).toEqual([200, 200, 429]); // without trusted proxies, forwarded addresses are ignored
  await direct.close();
  await t.reset();

  const behindProxy = await buildTestApp(t, { config: testConfig({ ...limit, TRUST_PROXY_HOPS: "1" }), runJobWorkers: false });
  const proxied = [];
  for (let i = 0; i < 3; i++) proxied.push((await send(behindProxy, `198.51.100.${i}`, i)).statusCode);
  expect(proxied).toEqual([200, 200, 200]);
  await behindProxy.close();
});
