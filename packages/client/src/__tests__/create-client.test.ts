import { MAX_URL_LENGTH } from "@kit/api/limits";
import { describe, expect, it } from "vitest";
import { createKitClient, isKitClientError } from "../create-client.js";

/** A fetch that records each HTTP request and answers every call in the batch with the same superjson result. */
function recordingFetch() {
  const requests: { url: URL; headers: Headers }[] = [];
  const fetch = async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(String(input));
    requests.push({ url, headers: new Headers(init?.headers) });
    const calls = decodeURIComponent(url.pathname.split("/trpc/")[1] ?? "").split(",");
    const body = calls.map(() => ({ result: { data: { json: { ok: true } } } }));
    return new Response(JSON.stringify(body), { status: 200, headers: { "content-type": "application/json" } });
  };
  return { fetch: fetch as typeof globalThis.fetch, requests };
}

describe("createKitClient", () => {
  it("calls <baseUrl>/trpc with the bearer token from a function, asked again for each request", async () => {
    const { fetch, requests } = recordingFetch();
    let n = 0;
    const client = createKitClient({ baseUrl: "http://kit.test/base/", auth: () => `token-${++n}`, fetch });
    await client.health.status.query();
    await client.health.status.query();
    expect(requests.map((r) => r.url.pathname)).toEqual(["/base/trpc/health.status", "/base/trpc/health.status"]);
    expect(requests.map((r) => r.headers.get("authorization"))).toEqual(["Bearer token-1", "Bearer token-2"]);
  });

  it("sends no authorization header without auth", async () => {
    const { fetch, requests } = recordingFetch();
    await createKitClient({ baseUrl: "http://kit.test", fetch }).health.status.query();
    expect(requests[0]?.headers.has("authorization")).toBe(false);
  });

  it("batches at most 50 calls per request, the server's limit", async () => {
    const { fetch, requests } = recordingFetch();
    const client = createKitClient({ baseUrl: "http://kit.test", auth: "t", fetch });
    await Promise.all(Array.from({ length: 120 }, () => client.health.status.query()));
    expect(requests.map((r) => r.url.pathname.split(",").length)).toEqual([50, 50, 20]);
  });

  it("splits a batch whose URL would pass the server's limit on a request's head", async () => {
    const { fetch, requests } = recordingFetch();
    const client = createKitClient({ baseUrl: "http://kit.test", auth: "t", fetch });
    await Promise.all(Array.from({ length: 50 }, () => client.demo.count.query({ search: "é".repeat(200) })));
    expect(requests.length).toBeGreaterThan(1);
    expect(requests.every((r) => r.url.href.length <= MAX_URL_LENGTH)).toBe(true);
  });

  it("refuses a batch size above the server's limit and a non-http base URL", () => {
    expect(() => createKitClient({ baseUrl: "http://kit.test", maxBatchSize: 51 })).toThrow(RangeError);
    expect(() => createKitClient({ baseUrl: "ftp://kit.test" })).toThrow(TypeError);
  });

  it("surfaces API errors as KitClientError with the server's data", async () => {
    const fetch = (async () =>
      new Response(
        JSON.stringify([
          { error: { json: { message: "no", code: -32001, data: { code: "UNAUTHORIZED", httpStatus: 401, requestId: "r1" } } } },
        ]),
        { status: 401, headers: { "content-type": "application/json" } },
      )) as typeof globalThis.fetch;
    const error = await createKitClient({ baseUrl: "http://kit.test", fetch })
      .partners.me.query()
      .catch((e: unknown) => e);
    expect(isKitClientError(error)).toBe(true);
    if (isKitClientError(error)) expect(error.data).toMatchObject({ code: "UNAUTHORIZED", httpStatus: 401, requestId: "r1" });
  });
});
