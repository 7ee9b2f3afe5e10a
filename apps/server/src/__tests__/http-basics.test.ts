import { createTestDb, type TestDatabase } from "@kit/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { redactQuery } from "../logger";
import { buildTestApp, recordingLogger } from "./test-app";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(() => t.close());

describe("request logging", () => {
  it("redacts credentials in headers and query values", async () => {
    const { logger, lines } = recordingLogger();
    const app = await buildTestApp(t, { logger });
    await app.inject({
      method: "POST",
      url: "/health?token=super-secret-query-token",
      headers: {
        authorization: "Bearer secret-bearer-token",
        cookie: "session=secret-cookie-value",
        "x-peek-auth": "Bearer secret-peek-jwt",
      },
      payload: { checkType: "health" },
    });
    await app.close();
    const log = lines.join("\n");
    expect(log).toContain("[REDACTED]");
    for (const secret of ["secret-bearer-token", "secret-cookie-value", "secret-peek-jwt", "super-secret-query-token"]) {
      expect(log).not.toContain(secret);
    }
    const incoming = lines.map((line) => JSON.parse(line)).find((entry) => entry.req);
    expect(incoming.req).toMatchObject({ method: "POST", url: "/health?token=[REDACTED]" });
    expect(incoming.reqId).toBeTruthy();
  });

  it("redactQuery keeps keys and drops every value", () => {
    expect(redactQuery("/a?x=1&y=&z")).toBe("/a?x=[REDACTED]&y=[REDACTED]&z=[REDACTED]");
    expect(redactQuery("/plain")).toBe("/plain");
  });
});

describe("request ids and headers", () => {
  it("echoes a plain caller request id and replaces an unsafe one", async () => {
    const app = await buildTestApp(t);
    const kept = await app.inject({ url: "/livez", headers: { "x-request-id": "abc-123" } });
    expect(kept.headers["x-request-id"]).toBe("abc-123");
    const replaced = await app.inject({ url: "/livez", headers: { "x-request-id": "bad id\nforged" } });
    expect(replaced.headers["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
    await app.close();
  });

  it("sends security headers and a JSON 404 for unknown routes", async () => {
    const app = await buildTestApp(t);
    const response = await app.inject({ url: "/nowhere?secret=1" });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({
      error: { code: "NOT_FOUND", message: "No route for GET /nowhere", requestId: response.headers["x-request-id"] },
    });
    expect(response.headers["x-content-type-options"]).toBe("nosniff");
    expect(response.headers["content-security-policy"]).toContain("frame-ancestors 'self'");
    expect(response.headers["strict-transport-security"]).toBeUndefined();
    await app.close();
  });
});
