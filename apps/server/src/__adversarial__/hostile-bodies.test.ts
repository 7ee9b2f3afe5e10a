import { monitorEventLoopDelay } from "node:perf_hooks";
import { bookings, partners, webhookDeliveries } from "@kit/db";
import { describe, expect, it } from "vitest";
import { installationBody, peekToken, postWebhook } from "../__tests__/peek-fixtures";
import { APP_ORIGIN } from "../__tests__/portal-fixtures";
import { useTestApp } from "../__tests__/test-app";
import { JSON_LIMITS } from "../plugins/json-body";

/** Webhook and request-body abuse: every answer is a 4xx (or an exact, harmless acceptance), never a 500. */
const ctx = useTestApp();
const URL = "/registry/api/on-installation-status-change";

describe("hostile webhook bodies", () => {
  it("a token for one installation cannot carry another's body (403), and changes nothing", async () => {
    const response = await postWebhook(
      ctx.app,
      URL,
      installationBody({ install_id: "install-victim" }),
      await peekToken("install-attacker"),
    );
    expect(response.statusCode).toBe(403);
    expect(await ctx.t.db.$count(partners)).toBe(0);
  });

  it("a replayed delivery is applied once: one partner, one inbox row counting the deliveries", async () => {
    const token = await peekToken("install-123");
    for (let i = 0; i < 3; i += 1) expect((await postWebhook(ctx.app, URL, installationBody(), token)).statusCode).toBe(200);
    expect(await ctx.t.db.$count(partners)).toBe(1);
    const rows = await ctx.t.db.select().from(webhookDeliveries);
    expect(rows.map((r) => r.deliveryCount)).toEqual([3]);
  });

  it("concurrent identical deliveries give one partner", async () => {
    const token = await peekToken("install-123");
    const statuses = await Promise.all(
      Array.from({ length: 12 }, () => postWebhook(ctx.app, URL, installationBody(), token).then((r) => r.statusCode)),
    );
    expect(statuses.every((s) => s === 200)).toBe(true);
    expect(await ctx.t.db.$count(partners)).toBe(1);
  });

  it.each([
    ["__proto__ key", '{"__proto__":{"polluted":true},"status":"installed"}'],
    ["constructor.prototype key", '{"constructor":{"prototype":{"polluted":true}},"status":"installed"}'],
  ])("a body with a %s is refused (400) and pollutes nothing", async (_name, body) => {
    const response = await postWebhook(ctx.app, URL, body);
    expect(response.statusCode).toBe(400);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it.each([
    ["nested 5 000 deep", `${"[".repeat(5_000)}${"]".repeat(5_000)}`],
    ["nested 200 000 deep (past the parser's stack)", `${'{"a":'.repeat(200_000)}1${"}".repeat(200_000)}`],
  ])("a body %s is a 4xx", async (_name, body) => {
    const response = await postWebhook(ctx.app, URL, body);
    expect(response.statusCode).toBeGreaterThanOrEqual(400);
    expect(response.statusCode).toBeLessThan(500);
  });

  it.each([
    ["over 1 MiB", { status: "installed", padding: "x".repeat(1_100_000) }, 413],
    ["not JSON", "status=installed", 400],
    ["an array", [installationBody()], 400],
    ["a string", '"installed"', 400],
    ["null", "null", 400],
  ])("a body that is %s is refused", async (_name, body, status) => {
    const response = await postWebhook(ctx.app, URL, body);
    expect(response.statusCode).toBe(status);
    expect(await ctx.t.db.$count(partners)).toBe(0);
  });

  it.each(["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/xml"])(
    "a %s body is 415",
    async (type) => {
      const response = await postWebhook(ctx.app, URL, JSON.stringify(installationBody()), undefined, { "content-type": type });
      expect(response.statusCode).toBe(415);
    },
  );
});

describe("deep and huge JSON bodies, authenticated", () => {
  const BOOKING = "/peek-pro/api/on-booking-change";
  const deep = (levels: number) => `{"booking":{"id":"b_1","x":${"[".repeat(levels)}${"]".repeat(levels)}}}`;
  const wide = (items: number) => `{"booking":{"id":"b_1","guests":[${Array(items).fill("1").join(",")}]}}`;
  const keys = (count: number) => `{"booking":{"id":"b_1",${Array.from({ length: count }, (_, i) => `"k${i}":1`).join(",")}}}`;

  it.each([
    ["nested 40 levels", deep(40), 400],
    ["nested 300 000 levels (a 600 KB body)", deep(300_000), 400],
    ["an array of 1 001 items", wide(JSON_LIMITS.maxArrayItems + 1), 413],
    ["an array of 400 000 items (a 800 KB body)", wide(400_000), 413],
    ["an object of 600 keys", keys(600), 413],
  ])("a delivery %s is refused before any recursive work, and nothing is stored", async (_name, body, status) => {
    await postWebhook(ctx.app, URL, installationBody());
    const installation = await postWebhook(ctx.app, URL, body);
    const booking = await postWebhook(ctx.app, BOOKING, body);
    expect([installation.statusCode, booking.statusCode]).toEqual([status, status]);
    expect(await ctx.t.db.$count(bookings)).toBe(0);
    expect(await ctx.t.db.$count(webhookDeliveries)).toBe(1);
  });

  it("accepts what a real delivery looks like at the edge of the limits", async () => {
    await postWebhook(ctx.app, URL, installationBody());
    expect((await postWebhook(ctx.app, BOOKING, deep(JSON_LIMITS.maxDepth - 3))).statusCode).toBe(200);
    expect((await postWebhook(ctx.app, BOOKING, wide(JSON_LIMITS.maxArrayItems))).statusCode).toBe(200);
  });

  it("no hostile body holds the event loop: measured while refusing the largest ones", async () => {
    await postWebhook(ctx.app, URL, installationBody());
    const bodies = [deep(500_000), wide(500_000), `{"a":"${"\\u0000".repeat(100_000)}"}`];
    const delay = monitorEventLoopDelay({ resolution: 5 });
    delay.enable();
    const started = performance.now();
    for (const body of bodies) expect((await postWebhook(ctx.app, BOOKING, body)).statusCode).toBeLessThan(500);
    const elapsed = performance.now() - started;
    delay.disable();
    const maxMs = delay.max / 1e6;
    console.log(`hostile 1 MiB bodies: refused 3 in ${elapsed.toFixed(0)} ms, event loop delay max ${maxMs.toFixed(1)} ms`);
    // A generous bound that only a recursive walk or a quadratic scan would cross; the figure above is the measurement.
    expect(maxMs).toBeLessThan(500);
  });
});

describe("deep and huge tRPC inputs, before tRPC or superjson parse them", () => {
  const deepMeta = (levels: number) =>
    `{"json":{"name":"n","status":"draft"},"meta":{"values":${"[".repeat(levels)}${"]".repeat(levels)}}}`;
  const wideJson = (items: number) => `{"json":{"name":"n","status":"draft","tags":[${Array(items).fill('"t"').join(",")}]}}`;
  it.each([
    ["superjson meta nested 300 000 levels", deepMeta(300_000), 400],
    ["superjson meta nested 40 levels", deepMeta(40), 400],
    ["an array of 400 000 items", wideJson(400_000), 413],
  ])("a POST body with %s is refused before any recursive work", async (_name, body, status) => {
    const response = await ctx.app.inject({
      method: "POST",
      url: "/trpc/demo.create",
      headers: { "content-type": "application/json", origin: APP_ORIGIN },
      payload: body,
    });
    expect(response.statusCode, response.body.slice(0, 200)).toBe(status);
    expect(response.json().error.requestId).toBe(response.headers["x-request-id"]);
  });

  it("a GET's input nested 5 000 levels is refused the same way", async () => {
    const input = encodeURIComponent(`{"json":${"[".repeat(5_000)}${"]".repeat(5_000)}}`);
    const response = await ctx.app.inject({ url: `/trpc/demo.list?input=${input}` });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.message).toMatch(/nested deeper/);
  });

  it.each([
    ["followed by a second input", (deep: string) => `input=${encodeURIComponent(deep)}&input=1`],
    ["holding an escape that does not decode", (deep: string) => `input=${encodeURIComponent(deep).replace("%22x%22", "%22%FF%22")}`],
  ])("a GET's deep input %s is refused the same way (the input tRPC reads is the one checked)", async (_name, query) => {
    const deep = `{"json":${"[".repeat(100)}"x"${"]".repeat(100)}}`;
    const response = await ctx.app.inject({ url: `/trpc/demo.list?${query(deep)}` });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.message).toMatch(/nested deeper/);
  });

  it("a multipart body is 415, refused before it is read (no procedure takes a form)", async () => {
    const boundary = "x";
    const body = `--${boundary}\r\ncontent-disposition: form-data; name="f"\r\n\r\n${"x".repeat(2 * 1_048_576)}\r\n--${boundary}--\r\n`;
    const response = await ctx.app.inject({
      method: "POST",
      url: "/trpc/partners.requestLoginLink",
      headers: { "content-type": `multipart/form-data; boundary=${boundary}`, origin: APP_ORIGIN },
      payload: body,
    });
    expect(response.statusCode).toBe(415);
  });
});

describe("CORS and framing, route by route", () => {
  const ROUTES: [string, string][] = [
    ["GET", "/"],
    ["GET", "/settings"],
    ["POST", "/health"],
    ["GET", "/livez"],
    ["GET", "/readyz"],
    ["GET", "/trpc/health.status"],
    ["POST", URL],
    ["POST", "/peek-pro/session"],
    ["GET", "/dev/mailbox"],
  ];

  it.each(ROUTES)("%s %s never grants CORS to a foreign origin and is not frameable by one", async (method, url) => {
    const response = await ctx.app.inject({ method: method as "GET", url, headers: { origin: "https://evil.example" } });
    expect(response.statusCode).toBeLessThan(500);
    expect(response.headers["access-control-allow-origin"]).toBeUndefined();
    expect(response.headers["access-control-allow-credentials"]).toBeUndefined();
    expect(String(response.headers["content-security-policy"])).toMatch(/frame-ancestors/);
    expect(String(response.headers["content-security-policy"])).not.toContain("evil.example");
    expect(response.headers["x-content-type-options"]).toBe("nosniff");
  });

  it("a cross-site state-changing tRPC call (CSRF) is refused", async () => {
    const response = await ctx.app.inject({
      method: "POST",
      url: "/trpc/partners.requestLoginLink",
      headers: { "content-type": "application/json", origin: "https://evil.example" },
      payload: { json: { email: "jane@example.com" } },
    });
    expect(response.statusCode).toBe(403);
    const sameOrigin = await ctx.app.inject({
      method: "POST",
      url: "/trpc/partners.requestLoginLink",
      headers: { "content-type": "text/plain", origin: APP_ORIGIN },
      payload: JSON.stringify({ json: { email: "jane@example.com" } }),
    });
    expect(sameOrigin.statusCode).toBeGreaterThanOrEqual(400); // a simple (form-like) request is not JSON: refused
    expect(sameOrigin.statusCode).toBeLessThan(500);
  });
});
