import { createTestDb, type TestDatabase } from "@kit/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTestApp } from "./test-app";

let t: TestDatabase;
let app: Awaited<ReturnType<typeof buildTestApp>>;
beforeAll(async () => {
  t = await createTestDb();
  app = await buildTestApp(t);
});
afterAll(async () => {
  await app.close();
  await t.close();
});

const batchInput = encodeURIComponent(JSON.stringify({ 0: {}, 1: {} }));

describe("tRPC's answers (plugins/trpc-route.ts)", () => {
  it("a JSON answer is sent whole, with its length and tRPC's headers and the app's", async () => {
    const response = await app.inject("/trpc/health.status");
    expect(response.statusCode).toBe(200);
    expect(response.headers["transfer-encoding"]).toBeUndefined();
    expect(response.headers["content-length"]).toBe(String(response.rawPayload.length));
    expect(response.headers["content-type"]).toBe("application/json");
    expect(response.headers.vary).toBe("trpc-accept, accept, Authorization, Cookie");
    expect(response.headers["cache-control"]).toBe("no-store");
    expect(response.json()).toMatchObject({ result: { data: { json: expect.any(Object) } } });
  });

  it("an error keeps its status, and a batch is one answer too", async () => {
    const refused = await app.inject("/trpc/partners.me");
    expect(refused.statusCode).toBe(401);
    expect(refused.headers["content-length"]).toBe(String(refused.rawPayload.length));
    expect(refused.json()).toMatchObject({ error: { json: { data: { code: "UNAUTHORIZED" } } } });

    const batch = await app.inject(`/trpc/health.status,partners.me?batch=1&input=${batchInput}`);
    expect(batch.statusCode).toBe(207);
    expect(batch.headers["transfer-encoding"]).toBeUndefined();
    expect(batch.headers["content-length"]).toBe(String(batch.rawPayload.length));
    expect(batch.json()).toHaveLength(2);
  });

  it("a streamed batch (JSON lines, `trpc-accept: application/jsonl`) is still written as it comes", async () => {
    const response = await app.inject({
      url: `/trpc/health.status,partners.me?batch=1&input=${batchInput}`,
      headers: { "trpc-accept": "application/jsonl" },
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers["transfer-encoding"]).toBe("chunked");
    expect(response.headers["content-length"]).toBeUndefined();
    const lines = response.payload.trim().split("\n");
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
  });

  it("a Host header no URL can have is the client's error: 400, for a call and a batch, GET or POST", async () => {
    for (const host of ["a b", "[::1", "exa mple.com:80", "a:99999"]) {
      for (const request of [
        { url: "/trpc/health.status" },
        { url: `/trpc/health.status,partners.me?batch=1&input=${batchInput}` },
        { url: "/trpc/demo.create", method: "POST" as const, payload: "{}", headers: { "content-type": "application/json" } },
      ]) {
        const response = await app.inject({ ...request, headers: { ...request.headers, host } });
        expect(response.statusCode, `${host} ${request.url}`).toBe(400);
        expect(response.json()).toMatchObject({ error: { code: "BAD_REQUEST" } });
      }
    }
  });
});
