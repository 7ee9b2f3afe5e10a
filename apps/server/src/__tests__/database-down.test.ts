import { createDb, type DatabaseHandle } from "@kit/db";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { installationBody, peekToken, postWebhook } from "./peek-fixtures";
import { buildTestApp } from "./test-app";

/**
 * A database that refuses connections (a closed port): what a request meets while Postgres restarts. Nothing is
 * accepted, so the answer is 503 with Retry-After — Peek retries — never a 500 and never a 2xx.
 */
let handle: DatabaseHandle;
let app: FastifyInstance;
beforeAll(async () => {
  handle = await createDb({ driver: "postgres", url: "postgres://postgres@127.0.0.1:9/none", maxConnections: 1 });
  app = await buildTestApp(handle, { runJobWorkers: false });
});
afterAll(async () => {
  await app.close();
  await handle.close();
});

describe("when the database is unreachable", () => {
  it("a webhook is answered 503 with Retry-After", async () => {
    const response = await postWebhook(app, "/registry/api/on-installation-status-change", installationBody());
    expect(response.statusCode).toBe(503);
    expect(response.headers["retry-after"]).toBe("2");
    expect(response.json()).toMatchObject({ error: { code: "SERVICE_UNAVAILABLE", requestId: expect.any(String) } });
  });

  it("a tRPC call is SERVICE_UNAVAILABLE (503), not an internal error", async () => {
    const token = await peekToken("install-123");
    const session = await app.inject({
      method: "POST",
      url: "/peek-pro/session",
      headers: { "content-type": "application/json" },
      payload: { "peek-auth": token },
    });
    expect(session.statusCode).toBe(503);
    const call = await app.inject({
      url: "/trpc/partners.me",
      headers: { authorization: "Bearer some-session-token-value-0123456789abcdef" },
    });
    expect(call.statusCode).toBe(503);
    expect(call.headers["retry-after"]).toBe("2");
    expect(call.json().error.json.data.code).toBe("SERVICE_UNAVAILABLE");
  });

  it("health says red and readiness 503, the process stays up", async () => {
    const health = await app.inject({ method: "POST", url: "/health", payload: { checkType: "health" } });
    expect(health.json()).toMatchObject({ ragStatus: "red" });
    expect((await app.inject({ url: "/readyz" })).statusCode).toBe(503);
    expect((await app.inject({ url: "/livez" })).statusCode).toBe(200);
  });
});
