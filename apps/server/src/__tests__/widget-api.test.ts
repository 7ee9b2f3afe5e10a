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
    expect(response.json()).toEqual({ error: "unauthorized" });
    expect(response.headers["access-control-allow-origin"]).toBe(PEEK);
    await app.close();
  });

  it("answers 503 when CLIENT_SECRET_TOKEN is not configured", async () => {
    const config = testConfig();
    const app = await buildTestApp(t, { config: { ...config, clientSecretToken: null } });
    const response = await app.inject({ url: "/widget/hello", headers: { origin: PEEK, "x-peek-auth": `Bearer ${await clientToken()}` } });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toEqual({ error: "widget API not configured" });
    await app.close();
  });
});
