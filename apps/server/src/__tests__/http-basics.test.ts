import { createTestDb, type TestDatabase } from "@kit/db/testing";
import type { InjectOptions } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_HEADER_COUNT } from "../app";
import { redactQuery } from "../logger";
import { APP_ORIGIN } from "./portal-fixtures";
import { buildTestApp, recordingLogger, testConfig } from "./test-app";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(() => t.close());

describe("request logging", () => {
  const request: InjectOptions = {
    method: "POST",
    url: "/health?token=super-secret-query-token",
    headers: {
      authorization: "Bearer secret-bearer-token",
      cookie: "session=secret-cookie-value",
      "x-peek-auth": "Bearer secret-peek-jwt",
    },
    payload: { checkType: "health" },
  };
  const SECRETS = ["secret-bearer-token", "secret-cookie-value", "secret-peek-jwt", "super-secret-query-token"];

  it("writes one line per request, once answered: method, path without query values, status, time, address", async () => {
    const { logger, lines } = recordingLogger();
    const app = await buildTestApp(t, { logger });
    const answer = await app.inject(request);
    await app.close();
    const log = lines.join("\n");
    for (const secret of SECRETS) expect(log).not.toContain(secret);
    const entries = lines.map((line) => JSON.parse(line));
    const requestLines = entries.filter((entry) => entry.reqId === answer.headers["x-request-id"]);
    expect(requestLines).toHaveLength(1);
    expect(requestLines[0]).toMatchObject({
      level: 30,
      msg: "request completed",
      method: "POST",
      url: "/health?token=[REDACTED]",
      statusCode: answer.statusCode,
      remoteAddress: "127.0.0.1",
    });
    expect(requestLines[0].responseTime).toBeGreaterThanOrEqual(0);
    expect(requestLines[0]).not.toHaveProperty("req");
  });

  it("logs the probes' answers only when they fail", async () => {
    const { logger, lines } = recordingLogger();
    const lifecycle = { draining: false };
    const app = await buildTestApp(t, { logger, lifecycle });
    const live = await app.inject({ method: "GET", url: "/livez" });
    const ready = await app.inject({ method: "GET", url: "/readyz" });
    lifecycle.draining = true;
    const draining = await app.inject({ method: "GET", url: "/readyz" });
    await app.close();
    expect([live.statusCode, ready.statusCode, draining.statusCode]).toEqual([200, 200, 503]);
    const completed = lines.map((line) => JSON.parse(line)).filter((entry) => entry.msg === "request completed");
    expect(completed.map((entry) => [entry.url, entry.statusCode])).toEqual([["/readyz", 503]]);
    expect(completed[0].reqId).toBe(draining.headers["x-request-id"]);
  });

  it("logs the request with its headers at debug, credentials and query values redacted", async () => {
    const { logger, lines } = recordingLogger("debug");
    const app = await buildTestApp(t, { logger });
    await app.inject(request);
    await app.close();
    const log = lines.join("\n");
    expect(log).toContain("[REDACTED]");
    for (const secret of SECRETS) expect(log).not.toContain(secret);
    const incoming = lines.map((line) => JSON.parse(line)).find((entry) => entry.msg === "incoming request");
    expect(incoming.level).toBe(20);
    expect(incoming.req).toMatchObject({ method: "POST", url: "/health?token=[REDACTED]" });
    expect(incoming.req.headers).toMatchObject({ authorization: "[REDACTED]", cookie: "[REDACTED]", "x-peek-auth": "[REDACTED]" });
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

  it("answers every REST error with one body: { error: { code, message, requestId } }, the request id as in its header", async () => {
    const app = await buildTestApp(t, { config: testConfig({ METRICS_TOKEN: "metrics-token-0123456789" }) });
    const flood = Object.fromEntries(Array.from({ length: MAX_HEADER_COUNT + 5 }, (_, i) => [`x-h${i}`, "1"]));
    const cases: [InjectOptions, number][] = [
      [{ url: "/nowhere" }, 404],
      [{ url: "/livez", headers: flood }, 431],
      [{ url: "/metrics" }, 401],
      [{ url: "/widget/hello" }, 401],
      [{ method: "POST", url: "/registry/api/on-installation-status-change", payload: {} }, 401],
      [{ method: "POST", url: "/peek-pro/session", payload: {} }, 401],
      [{ method: "POST", url: "/mcp", payload: {} }, 401],
      [{ method: "POST", url: "/dev/jobs/00000000-0000-0000-0000-000000000000/retry" }, 403],
      [{ method: "POST", url: "/dev/jobs/x/retry", headers: { origin: APP_ORIGIN } }, 400],
      [{ method: "POST", url: "/dev/jobs/00000000-0000-0000-0000-000000000000/retry", headers: { origin: APP_ORIGIN } }, 404],
    ];
    for (const [request, status] of cases) {
      const response = await app.inject(request);
      const label = `${request.method ?? "GET"} ${request.url}`;
      expect(response.statusCode, label).toBe(status);
      expect(Object.keys(response.json()), label).toEqual(["error"]);
      expect(response.json().error, label).toMatchObject({
        code: expect.stringMatching(/^[A-Z_]+$/),
        message: expect.any(String),
        requestId: response.headers["x-request-id"],
      });
    }
    await app.close();
  });
});
