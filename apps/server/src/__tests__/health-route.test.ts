import { partners } from "@kit/db";
import superjson from "superjson";
import { describe, expect, it } from "vitest";
import { useTestApp } from "./test-app";

const ctx = useTestApp();

const probe = (body: unknown, url = "/health") => ctx.app.inject({ method: "POST", url, payload: body as object });

describe("POST /health", () => {
  it("answers the health check with exactly Peek's keys", async () => {
    const response = await probe({ checkType: "health" });
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toMatch(/^application\/json/);
    expect(response.json()).toStrictEqual({
      ragStatus: "green",
      publicMessage: "Operational",
      internalMessage: "All systems operational",
    });
  });

  it("works with a trailing slash", async () => {
    expect((await probe({ checkType: "health" }, "/health/")).json()).toMatchObject({ ragStatus: "green" });
  });

  it("answers usage with counts from the database", async () => {
    await ctx.t.db.insert(partners).values([
      { name: "A", externalRefid: "a", appRegistryInstallation: { status: "installed", display_version: "1", install_id: "i-a" } },
      {
        name: "B",
        externalRefid: "b",
        isTest: true,
        appRegistryInstallation: { status: "installed", display_version: "1", install_id: "i-b" },
      },
    ]);
    const response = await probe({ checkType: "usage" });
    expect(response.statusCode).toBe(200);
    // Active means a session in the last 30 days: nobody has opened the app yet.
    expect(response.json()).toStrictEqual({
      activePartners: 0,
      installedPartners: 1,
      customMetrics: [{ name: "records_created_24h", value: 0 }],
      notableEvents: [],
    });
  });

  it.each([
    ["no checkType", {}, /checkType is required/],
    ["an unknown checkType", { checkType: "everything" }, /checkType must be "health" or "usage"/],
    ["a checkType of the wrong type", { checkType: 42 }, /checkType must be/],
    ["a JSON array", [1, 2], /checkType is required/],
  ])("rejects %s with 400 and a JSON error", async (_name, body, message) => {
    const response = await probe(body);
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ error: { code: "BAD_REQUEST", message: expect.stringMatching(message) } });
  });

  it("rejects malformed JSON and an empty JSON body with 400, never 500", async () => {
    const broken = await ctx.app.inject({
      method: "POST",
      url: "/health",
      headers: { "content-type": "application/json" },
      payload: "{nope",
    });
    expect(broken.statusCode).toBe(400);
    expect(broken.json().error.requestId).toBeTruthy();
    const empty = await ctx.app.inject({ method: "POST", url: "/health", headers: { "content-type": "application/json" }, payload: "" });
    expect(empty.statusCode).toBe(400);
    const bare = await ctx.app.inject({ method: "POST", url: "/health" });
    expect(bare.statusCode).toBe(400);
  });

  it("answers 4xx to a content type it does not read and to a body over the limit", async () => {
    const xml = await ctx.app.inject({ method: "POST", url: "/health", headers: { "content-type": "application/xml" }, payload: "<a/>" });
    expect(xml.statusCode).toBe(415);
    const text = await ctx.app.inject({ method: "POST", url: "/health", headers: { "content-type": "text/plain" }, payload: "health" });
    expect(text.statusCode).toBe(400);
    const huge = await probe({ checkType: "health", padding: "x".repeat(2_000_000) });
    expect(huge.statusCode).toBe(413);
  });

  it("has no GET route", async () => {
    const response = await ctx.app.inject({ method: "GET", url: "/health" });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ error: { code: "NOT_FOUND" } });
  });
});

describe("GET /trpc/health.status", () => {
  it("returns the same status as POST /health", async () => {
    const rest = (await probe({ checkType: "health" })).json();
    const response = await ctx.app.inject({ method: "GET", url: "/trpc/health.status" });
    expect(response.statusCode).toBe(200);
    const { result } = response.json() as { result: { data: Parameters<typeof superjson.deserialize>[0] } };
    expect(superjson.deserialize(result.data)).toStrictEqual(rest);
  });

  it("serves a batch of 50 calls and refuses 51 with 400", async () => {
    const batch = (n: number) => `/trpc/${Array(n).fill("health.status").join(",")}?batch=1&input=${encodeURIComponent("{}")}`;
    const fifty = await ctx.app.inject({ url: batch(50) });
    expect(fifty.statusCode).toBe(200);
    expect(fifty.json()).toHaveLength(50);
    expect((await ctx.app.inject({ url: batch(51) })).statusCode).toBe(400);
  });

  it("answers an unknown procedure with a tRPC NOT_FOUND and no stack", async () => {
    const response = await ctx.app.inject({ method: "GET", url: "/trpc/health.nope" });
    expect(response.statusCode).toBe(404);
    const body = response.json() as { error: { json: { data: Record<string, unknown> } } };
    expect(body.error.json.data).toMatchObject({ code: "NOT_FOUND", requestId: response.headers["x-request-id"] });
    expect(body.error.json.data).not.toHaveProperty("stack");
  });
});

describe("the health check's cache", () => {
  it("answers a burst of probes from one database check, and checks again after the window", async () => {
    const { buildTestApp } = await import("./test-app");
    let pings = 0;
    const counting = new Proxy(ctx.t.db, {
      get(target, property, receiver) {
        if (property === "execute") pings += 1;
        return Reflect.get(target, property, receiver);
      },
    });
    const app = await buildTestApp({ ...ctx.t, db: counting });
    const burst = await Promise.all(
      Array.from({ length: 20 }, () => app.inject({ method: "POST", url: "/health", payload: { checkType: "health" } })),
    );
    expect(burst.every((r) => r.json().ragStatus === "green")).toBe(true);
    const afterBurst = pings;
    expect(afterBurst).toBeLessThanOrEqual(2); // one ping (and one dead-letter count at most)
    await new Promise((resolve) => setTimeout(resolve, 1_600));
    await app.inject({ method: "POST", url: "/health", payload: { checkType: "health" } });
    expect(pings).toBeGreaterThan(afterBurst);
    await app.close();
  });
});
