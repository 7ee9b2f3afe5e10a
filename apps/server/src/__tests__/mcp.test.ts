import { mintInternalToken, newSampleBooking, sampleBookingPayload } from "@kit/api";
import { demoRecords } from "@kit/db";
import { createTestDb, type TestDatabase } from "@kit/db/testing";
import { mintPeekToken } from "@kit/peek";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { sql } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { installationBody, peekToken, postWebhook } from "./peek-fixtures";
import { buildTestApp, recordingLogger, TEST_SECRETS, testConfig } from "./test-app";

/**
 * The MCP endpoint through the MCP SDK's own client over HTTP: two installations, each with a booking and a record,
 * and tokens as Peek signs them.
 */
let t: TestDatabase;
let app: FastifyInstance;
let url = "";
const recorder = recordingLogger();
const reported: { error: unknown; context: { route?: string | null } }[] = [];
const userToken = (
  installId: string,
  user: { id: string; email: string; name: string } | null = { id: "u1", email: "jane@acme.example", name: "Jane" },
) => mintPeekToken({ installId, secret: TEST_SECRETS.PEEK_APP_SECRET, user });

async function connect(headers: Record<string, string>) {
  const client = new Client({ name: "kit-test", version: "1.0.0" });
  await client.connect(new StreamableHTTPClientTransport(new URL(`${url}/mcp`), { requestInit: { headers } }));
  return client;
}
const asPeekUser = async (installId: string) => connect({ "x-peek-auth": `Bearer ${await userToken(installId)}` });
const post = (body: unknown, headers: Record<string, string>) =>
  fetch(`${url}/mcp`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });
const listCall = { jsonrpc: "2.0", id: 1, method: "tools/list", params: {} };

beforeAll(async () => {
  t = await createTestDb();
  // Peek's installations API is a closed loopback port in tests (testConfig): the live tools meet an unreachable Peek.
  const config = testConfig({ INTERNAL_API_ISSUERS: "billing-app", MCP_RATE_LIMIT_PER_MINUTE: "40" });
  const errorReporter = {
    capture: (error: unknown, context: { route?: string | null }) => reported.push({ error, context }),
    flush: async () => {},
  };
  app = await buildTestApp(t, { config, logger: recorder.logger, errorReporter });
  url = await app.listen({ port: 0, host: "127.0.0.1" });
  for (const [index, installId] of ["install-a", "install-b"].entries()) {
    await postWebhook(
      app,
      "/registry/api/on-installation-status-change",
      installationBody({ install_id: installId }, { id: `10${index}`, name: `Partner ${index}`, platform: "peek" }),
    );
    const booking = sampleBookingPayload({
      ...newSampleBooking(new Date(Date.now() + 86_400_000), index),
      id: `b_mine${index}`,
      displayId: `B-MINE${index}`,
    });
    expect((await postWebhook(app, "/peek-pro/api/on-booking-change", booking, await peekToken(installId))).statusCode).toBe(200);
  }
});
afterAll(async () => {
  await app.close();
  await t.close();
});

describe("the MCP endpoint", () => {
  it("initializes and lists the procedures marked for MCP: names, descriptions, JSON Schemas; unmarked ones are not tools", async () => {
    const client = await asPeekUser("install-a");
    expect(client.getServerVersion()?.name).toBeTruthy();
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).toEqual([
      "bookings_byId",
      "bookings_count",
      "bookings_list",
      "bookings_recent",
      "bookings_stats",
      "demo_byId",
      "demo_count",
      "demo_create",
      "demo_list",
      "partners_activities",
    ]);
    for (const tool of tools) {
      expect(tool.description?.length, tool.name).toBeGreaterThan(40);
      expect(tool.inputSchema.type).toBe("object");
    }
    const list = tools.find((tool) => tool.name === "bookings_list");
    expect(list?.inputSchema.properties).toMatchObject({ limit: { type: "integer", maximum: 100 }, status: expect.any(Object) });
    expect(tools.find((tool) => tool.name === "demo_create")?.annotations?.readOnlyHint).toBe(false);
    expect(tools.find((tool) => tool.name === "bookings_list")?.annotations?.readOnlyHint).toBe(true);
    await client.close();
  });

  it("calls each read tool for the token's installation: output as structuredContent and as JSON text", async () => {
    const client = await asPeekUser("install-a");
    const call = async (name: string, args: Record<string, unknown> = {}) => client.callTool({ name, arguments: args });
    const list = await call("bookings_list", { limit: 10 });
    expect(list.isError).toBeFalsy();
    const items = (list.structuredContent as { items: { displayId: string; startsAt: string }[] }).items;
    expect(items.map((b) => b.displayId)).toEqual(["B-MINE0"]);
    expect(items[0]?.startsAt).toMatch(/^\d{4}-\d{2}-\d{2}T/); // dates as ISO strings
    expect(JSON.parse((list.content as { text: string }[])[0]?.text ?? "")).toEqual(list.structuredContent);
    expect((await call("bookings_byId", { bookingId: "B-MINE0" })).structuredContent).toMatchObject({
      bookingId: "b_mine0",
      timeline: expect.any(Array),
    });
    expect((await call("bookings_count", { status: "booked" })).structuredContent).toEqual({ total: 1 });
    expect((await call("bookings_stats")).structuredContent).toMatchObject({ upcoming: 1 });
    const recent = await call("bookings_recent");
    expect(recent.isError).toBe(true); // Peek cannot be reached from this test: a tool error, with the reason
    expect((recent.content as { text: string }[])[0]?.text).toMatch(/Peek API unreachable/);
    expect((await call("partners_activities")).structuredContent).toMatchObject({ available: false });
    const created = await call("demo_create", { name: "Made by the assistant", status: "draft" });
    const record = created.structuredContent as { id: string; name: string };
    expect(record.name).toBe("Made by the assistant");
    expect((await call("demo_byId", { id: record.id })).structuredContent).toMatchObject({ name: "Made by the assistant" });
    expect((await call("demo_list")).structuredContent).toMatchObject({ items: [expect.objectContaining({ id: record.id })] });
    expect((await call("demo_count")).structuredContent).toEqual({ total: 1 });
    // The procedure's own validation applies: a refusal is a tool error.
    const refused = await call("bookings_list", { limit: 1000 });
    expect(refused.isError).toBe(true);
    await client.close();
  });

  it("offers no write that is not marked: an unmarked procedure is an unknown tool (a JSON-RPC error)", async () => {
    const client = await asPeekUser("install-a");
    await expect(client.callTool({ name: "demo_remove", arguments: { id: "00000000-0000-4000-8000-000000000000" } })).rejects.toThrow(
      /Unknown tool/,
    );
    await expect(client.callTool({ name: "partners_logoutEverywhere", arguments: {} })).rejects.toThrow(/Unknown tool/);
    await client.close();
  });

  it("never returns another partner's rows (tenant isolation through MCP)", async () => {
    const a = await asPeekUser("install-a");
    const b = await asPeekUser("install-b");
    const mine = (await b.callTool({ name: "bookings_list", arguments: {} })).structuredContent as { items: { displayId: string }[] };
    expect(mine.items.map((i) => i.displayId)).toEqual(["B-MINE1"]);
    const theirs = await b.callTool({ name: "bookings_byId", arguments: { bookingId: "B-MINE0" } });
    expect(theirs.isError).toBe(true);
    const aRecords = (await a.callTool({ name: "demo_list", arguments: {} })).structuredContent as { items: { id: string }[] };
    for (const row of aRecords.items) {
      expect((await b.callTool({ name: "demo_byId", arguments: { id: row.id } })).isError).toBe(true);
    }
    expect((await b.callTool({ name: "demo_count", arguments: {} })).structuredContent).toEqual({ total: 0 });
    await a.close();
    await b.close();
  });

  it("answers a plain JSON POST with JSON", async () => {
    const response = await post(listCall, { accept: "application/json", "x-peek-auth": `Bearer ${await userToken("install-a")}` });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/application\/json/);
    expect(((await response.json()) as { result: { tools: unknown[] } }).result.tools.length).toBe(10);
    // The transport writes the answer itself: it still carries the headers of every response.
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("content-security-policy")).toBeTruthy();
    expect(response.headers.get("x-request-id")).toBeTruthy();
  });

  it("refuses a batch of messages (400) and calls none of them: one rate-limit count is one message", async () => {
    const headers = { accept: "application/json", "x-peek-auth": `Bearer ${await userToken("install-a")}` };
    const creates = [1, 2, 3].map((id) => ({
      jsonrpc: "2.0",
      id,
      method: "tools/call",
      params: { name: "demo_create", arguments: { name: `batched ${id}`, status: "draft" } },
    }));
    const before = await t.db.$count(demoRecords);
    const response = await post(creates, headers);
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/batches are not accepted/);
    expect(await t.db.$count(demoRecords)).toBe(before);
  });

  it("logs and reports a tool call that fails unexpectedly, and tells the caller only that it failed", async () => {
    const client = await asPeekUser("install-a");
    await t.db.execute(sql`alter table demo_records rename to demo_records_away`);
    try {
      const failed = await client.callTool({ name: "demo_count", arguments: {} });
      expect(failed).toMatchObject({ isError: true, content: [{ type: "text", text: "Internal server error" }] });
    } finally {
      await t.db.execute(sql`alter table demo_records_away rename to demo_records`);
      await client.close();
    }
    expect(recorder.lines.some((line) => line.includes('"msg":"procedure failed"') && line.includes('"path":"demo.count"'))).toBe(true);
    expect(reported.map((r) => r.context.route)).toContain("mcp:demo.count");
  });

  it("401 without a token, with a bad one, or with a webhook token (no user); 403 when the installation is not installed", async () => {
    expect((await post(listCall, {})).status).toBe(401);
    expect((await post(listCall, { "x-peek-auth": "Bearer not.a.token" })).status).toBe(401);
    const forged = await mintPeekToken({ installId: "install-a", secret: "x".repeat(40), user: { id: "u", email: "e@x.co", name: "E" } });
    expect((await post(listCall, { "x-peek-auth": `Bearer ${forged}` })).status).toBe(401);
    const webhook = await post(listCall, { "x-peek-auth": `Bearer ${await userToken("install-a", null)}` });
    expect(webhook.status).toBe(401);
    expect(await webhook.text()).toMatch(/webhook/);
    expect((await post(listCall, { "x-peek-auth": `Bearer ${await userToken("install-nobody")}` })).status).toBe(403);
    await postWebhook(
      app,
      "/registry/api/on-installation-status-change",
      installationBody({ install_id: "install-c" }, { id: "102", name: "Gone", platform: "peek" }),
    );
    await postWebhook(
      app,
      "/registry/api/on-installation-status-change",
      installationBody({ install_id: "install-c", status: "uninstalled" }, { id: "102", name: "Gone", platform: "peek" }),
    );
    expect((await post(listCall, { "x-peek-auth": `Bearer ${await userToken("install-c")}` })).status).toBe(403);
    expect((await fetch(`${url}/mcp`)).status).toBe(405);
  });

  it("also takes another internal app's service token", async () => {
    const service = await mintInternalToken({ issuer: "billing-app", installId: "install-b", secret: TEST_SECRETS.INTERNAL_API_SECRET });
    const client = await connect({ authorization: `Bearer ${service}` });
    const mine = (await client.callTool({ name: "bookings_list", arguments: {} })).structuredContent as { items: { displayId: string }[] };
    expect(mine.items.map((i) => i.displayId)).toEqual(["B-MINE1"]);
    await client.close();
  });

  it("limits tool calls per installation (429 with Retry-After)", async () => {
    const headers = { "x-peek-auth": `Bearer ${await userToken("install-b")}` };
    // The window is a clock minute (limit 40): calls that straddle a minute's end count in two windows, so up to twice
    // the limit may be needed before one window fills.
    let last = 200;
    for (let i = 0; i < 85 && last !== 429; i += 1) last = (await post(listCall, headers)).status;
    expect(last).toBe(429);
    const limited = await post(listCall, headers);
    expect(limited.headers.get("retry-after")).toMatch(/^\d+$/);
  });

  it("a Host header no URL can have is the client's error, not a 500", async () => {
    const call = async (host?: string) =>
      app.inject({
        method: "POST",
        url: "/mcp",
        headers: {
          ...(host ? { host } : {}),
          "content-type": "application/json",
          accept: "application/json, text/event-stream",
          "x-peek-auth": `Bearer ${await userToken("install-a")}`,
        },
        payload: JSON.stringify(listCall),
      });
    expect((await call()).statusCode).toBe(200);
    for (const host of ["a b", "[::1"]) {
      const response = await call(host);
      expect(response.statusCode, host).toBeGreaterThanOrEqual(400);
      expect(response.statusCode, host).toBeLessThan(500);
    }
  });
});
