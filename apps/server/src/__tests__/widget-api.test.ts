import { mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTestDb, type TestDatabase } from "@kit/db/testing";
import { mintClientToken, mintPeekToken } from "@kit/peek";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { installationBody, postWebhook } from "./peek-fixtures";
import { buildTestApp, TEST_SECRETS, testConfig } from "./test-app";

const PEEK = "https://pro.peek.com";
let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDb();
});
beforeEach(() => t.reset());
afterAll(() => t.close());

const clientToken = (installId = "install-123", secret = TEST_SECRETS.CLIENT_SECRET_TOKEN) => mintClientToken({ installId, secret });

describe("widget API", () => {
  it("greets an authenticated widget with its partner, with CORS for the exact Peek origin", async () => {
    const app = await buildTestApp(t);
    await postWebhook(app, "/registry/api/on-installation-status-change", installationBody());
    for (const path of ["/widget/hello", "/widget/your_end_point"]) {
      const response = await app.inject({ url: path, headers: { origin: PEEK, "x-peek-auth": `Bearer ${await clientToken()}` } });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({
        ok: true,
        message: "Hello from Peek App Kit",
        partner: { id: expect.any(String), name: "Demo park", platform: "cng" },
        demoRecords: 0,
      });
      expect(response.headers["access-control-allow-origin"]).toBe(PEEK);
      expect(response.headers.vary).toContain("Origin");
      expect(response.headers["access-control-allow-credentials"]).toBeUndefined();
    }
    await app.close();
  });

  it("answers the preflight for allowed origins only, never with *", async () => {
    const app = await buildTestApp(t);
    const preflight = (origin: string) =>
      app.inject({
        method: "OPTIONS",
        url: "/widget/hello",
        headers: { origin, "access-control-request-method": "GET", "access-control-request-headers": "x-peek-auth" },
      });
    const allowed = await preflight(PEEK);
    expect(allowed.statusCode).toBe(204);
    expect(allowed.headers).toMatchObject({
      "access-control-allow-origin": PEEK,
      "access-control-allow-headers": "x-peek-auth, content-type",
    });
    for (const origin of ["https://evil.example", "https://pro.peek.com.evil.example", "null"]) {
      const refused = await preflight(origin);
      expect(refused.headers["access-control-allow-origin"]).toBeUndefined();
    }
    await app.close();
  });

  it.each<[string, () => Promise<string | null>]>([
    ["no token", async () => null],
    ["a Peek token (another kind)", () => mintPeekToken({ installId: "install-123", secret: TEST_SECRETS.PEEK_APP_SECRET })],
    ["a client token signed with the Peek secret", () => clientToken("install-123", TEST_SECRETS.PEEK_APP_SECRET)],
    ["a client token for an unknown installation", () => clientToken("install-zzz")],
  ])("401 with %s, CORS headers still there for Peek", async (_name, makeToken) => {
    const app = await buildTestApp(t);
    await postWebhook(app, "/registry/api/on-installation-status-change", installationBody());
    const token = await makeToken();
    const response = await app.inject({
      url: "/widget/hello",
      headers: { origin: PEEK, ...(token ? { "x-peek-auth": `Bearer ${token}` } : {}) },
    });
    expect(response.statusCode).toBe(401);
    expect(response.json()).toMatchObject({ error: { code: "UNAUTHORIZED", requestId: expect.any(String) } });
    expect(response.headers["access-control-allow-origin"]).toBe(PEEK);
    await app.close();
  });

  it("answers 503 when CLIENT_SECRET_TOKEN is not configured", async () => {
    const config = testConfig();
    const app = await buildTestApp(t, { config: { ...config, clientSecretToken: null } });
    const response = await app.inject({ url: "/widget/hello", headers: { origin: PEEK, "x-peek-auth": `Bearer ${await clientToken()}` } });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toMatchObject({
      error: { code: "SERVICE_UNAVAILABLE", message: expect.stringMatching(/CLIENT_SECRET_TOKEN/) },
    });
    await app.close();
  });

  it("refuses CORS on the actual response to an origin not allowlisted, and to a null origin", async () => {
    const app = await buildTestApp(t);
    await postWebhook(app, "/registry/api/on-installation-status-change", installationBody());
    for (const origin of ["https://evil.example", "null", "https://pro.peek.com:8443"]) {
      const response = await app.inject({ url: "/widget/hello", headers: { origin, "x-peek-auth": `Bearer ${await clientToken()}` } });
      expect(response.headers["access-control-allow-origin"]).toBeUndefined();
      expect(response.headers.vary).toContain("Origin");
    }
    await app.close();
  });
});

describe("the widget extension file", () => {
  const dir = mkdtempSync(join(tmpdir(), "kit-widget-file-"));
  const file = join(dir, "widget.js");
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("is served as JavaScript with a content-hash ETag, revalidated with 304, loadable from Peek's origin", async () => {
    writeFileSync(file, "export default async function widget() {}\n");
    const app = await buildTestApp(t, { widgetBundleFile: file });
    const first = await app.inject({ url: "/widget/widget.js", headers: { origin: PEEK } });
    expect(first.statusCode).toBe(200);
    expect(first.headers["content-type"]).toBe("text/javascript; charset=utf-8");
    expect(first.headers["cache-control"]).toBe("public, max-age=300, must-revalidate");
    expect(first.headers["access-control-allow-origin"]).toBe(PEEK);
    expect(first.body).toContain("export default");
    const etag = String(first.headers.etag);
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
    const again = await app.inject({ url: "/widget/widget.js", headers: { "if-none-match": etag } });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe("");

    writeFileSync(file, "export default async function widget() { /* v2 */ }\n", { flag: "w" });
    utimesSync(file, new Date(), new Date(Date.now() + 5_000));
    const rebuilt = await app.inject({ url: "/widget/widget.js", headers: { "if-none-match": etag } });
    expect(rebuilt.statusCode).toBe(200);
    expect(rebuilt.headers.etag).not.toBe(etag);
    await app.close();
  });

  it("answers 404 with what to run when the widget is not built", async () => {
    const app = await buildTestApp(t, { widgetBundleFile: join(dir, "missing.js") });
    const response = await app.inject({ url: "/widget/widget.js" });
    expect(response.statusCode).toBe(404);
    expect(response.json().error.message).toContain("pnpm --filter @kit/widget build");
    await app.close();
  });
});
