import { createTestDb, type TestDatabase } from "@kit/db/testing";
import { initTRPC } from "@trpc/server";
import { resolveResponse } from "@trpc/server/http";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
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

/**
 * The kit's patch of tRPC's `resolveResponse` (tooling/patches/@trpc__server@11.22.1.patch): a JSON answer goes to the
 * adapter's `createJsonResponse` as text, and a call that only the request can abort gets the request's own signal
 * instead of signals combined with `AbortSignal.any()`. A streamed call keeps tRPC's combined signals.
 */
describe("the kit's patch of tRPC's resolveResponse", () => {
  const t = initTRPC.create();
  const seen: AbortSignal[] = [];
  /** Answers once its signal aborts (or after 2 s, "not aborted"). */
  const untilAborted = t.procedure.query(
    ({ signal }) =>
      new Promise<string>((resolve) => {
        if (!signal) return resolve("no signal");
        seen.push(signal);
        const timer = setTimeout(() => resolve("not aborted"), 2_000);
        signal.addEventListener("abort", () => {
          clearTimeout(timer);
          resolve("aborted");
        });
      }),
  );
  const testRouter = t.router({ untilAborted, hello: t.procedure.query(() => "hello"), echo: t.procedure.mutation(() => "echoed") });
  const resolve = (req: Request, createJsonResponse?: (text: string, init: { status: number; headers: Headers }) => Response) =>
    resolveResponse({
      router: testRouter,
      req,
      path: new URL(req.url).pathname.slice("/trpc/".length),
      error: null,
      createContext: async () => ({}),
      ...(createJsonResponse ? { createJsonResponse } : {}),
    });

  it("hands a query's, a mutation's and a batch's JSON answer to createJsonResponse as text, with status and headers", async () => {
    const made: { text: string; status: number; type: string | null }[] = [];
    const capture = (text: string, init: { status: number; headers: Headers }) => {
      made.push({ text, status: init.status, type: init.headers.get("content-type") });
      return new Response(text, init);
    };
    await resolve(new Request("http://app.test/trpc/hello"), capture);
    await resolve(
      new Request("http://app.test/trpc/echo", { method: "POST", body: "{}", headers: { "content-type": "application/json" } }),
      capture,
    );
    await resolve(new Request("http://app.test/trpc/missing"), capture);
    await resolve(new Request(`http://app.test/trpc/hello,missing?batch=1&input=${batchInput}`), capture);
    expect(made.map(({ status, type }) => [status, type])).toEqual([
      [200, "application/json"],
      [200, "application/json"],
      [404, "application/json"],
      [207, "application/json"],
    ]);
    expect(JSON.parse(made[0]?.text ?? "")).toEqual({ result: { data: "hello" } });
    expect(JSON.parse(made[1]?.text ?? "")).toEqual({ result: { data: "echoed" } });
    expect(JSON.parse(made[3]?.text ?? "")).toHaveLength(2);
  });

  it("without createJsonResponse (tRPC's other adapters), the answer is a Fetch Response as before", async () => {
    const response = await resolve(new Request("http://app.test/trpc/hello"));
    expect(response).toBeInstanceOf(Response);
    expect(response.headers.get("content-type")).toBe("application/json");
    expect(await response.json()).toEqual({ result: { data: "hello" } });
  });

  it("a query's signal is the request's: it aborts when the client goes away", async () => {
    seen.length = 0;
    const client = new AbortController();
    const request = new Request("http://app.test/trpc/untilAborted", { signal: client.signal });
    const answer = resolve(request);
    await vi.waitFor(() => expect(seen).toHaveLength(1));
    expect(seen[0]).toBe(request.signal);
    client.abort();
    expect(await (await answer).json()).toEqual({ result: { data: "aborted" } });
  });

  it("a call streamed in JSON lines is aborted when its answer's body is cancelled, as in tRPC", async () => {
    seen.length = 0;
    const request = new Request(`http://app.test/trpc/untilAborted?batch=1&input=${encodeURIComponent(JSON.stringify({ 0: {} }))}`, {
      headers: { "trpc-accept": "application/jsonl" },
    });
    const response = await resolve(request);
    await vi.waitFor(() => expect(seen).toHaveLength(1));
    expect(seen[0]).not.toBe(request.signal);
    expect(seen[0]?.aborted).toBe(false);
    await response.body?.cancel();
    await vi.waitFor(() => expect(seen[0]?.aborted).toBe(true));
  });
});
