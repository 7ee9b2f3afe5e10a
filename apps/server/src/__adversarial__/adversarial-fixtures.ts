import { mintPeekToken } from "@kit/peek";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { FastifyInstance } from "fastify";
import superjson from "superjson";
import { installationBody, postWebhook } from "../__tests__/peek-fixtures";
import { APP_ORIGIN } from "../__tests__/portal-fixtures";
import { TEST_SECRETS } from "../__tests__/test-app";

/** Calls procedures over HTTP the way the web app does, for a partner installed and opened through the real routes. */
export function procedureCaller(app: () => FastifyInstance) {
  /** An installed partner with a user and an embed session, through the real routes. */
  async function partnerSession(installId: string, options: { admin?: boolean; timezone?: string } = {}) {
    await postWebhook(
      app(),
      "/registry/api/on-installation-status-change",
      installationBody(
        { install_id: installId },
        { id: `acct-${installId}`, name: installId, ...(options.timezone ? { timezone: options.timezone } : {}) },
      ),
    );
    const token = await mintPeekToken({
      installId,
      secret: TEST_SECRETS.PEEK_APP_SECRET,
      user: { id: `u-${installId}`, email: `${installId}@example.com`, name: "U", isAdmin: options.admin ?? false },
    });
    const response = await app().inject({
      method: "POST",
      url: "/peek-pro/session",
      headers: { "content-type": "application/json" },
      payload: { "peek-auth": token },
    });
    return (response.json() as { token: string }).token;
  }

  async function call(session: string, path: string, input: unknown, type: "query" | "mutation") {
    const headers = { authorization: `Bearer ${session}`, "content-type": "application/json", origin: APP_ORIGIN };
    const response =
      type === "query"
        ? await app().inject({ url: `/trpc/${path}?input=${encodeURIComponent(JSON.stringify(superjson.serialize(input)))}`, headers })
        : await app().inject({ method: "POST", url: `/trpc/${path}`, headers, payload: JSON.stringify(superjson.serialize(input)) });
    // A tRPC error, or the transport's own (a body refused before tRPC reads it: { error: { code, message, requestId } }).
    const body = response.json() as { result?: { data: unknown }; error?: { json?: { data: { code: string } }; code?: string } };
    return {
      status: response.statusCode,
      data: body.result ? superjson.deserialize(body.result.data as never) : undefined,
      code: body.error?.json?.data.code ?? body.error?.code,
      raw: response.body,
    };
  }

  /**
   * Calls an MCP tool with the MCP SDK's own client over HTTP, as the web app's session (`Authorization: Bearer
   * <session>`): the app listens on a free port the first time, and each session keeps one connected client.
   */
  const listening = new WeakMap<FastifyInstance, string>();
  const clients = new Map<string, Client>();
  async function mcpCall(session: string, name: string, args: Record<string, unknown> = {}) {
    const server = app();
    let url = listening.get(server);
    if (!url) {
      url = await server.listen({ port: 0, host: "127.0.0.1" });
      listening.set(server, url);
    }
    const key = `${url} ${session}`;
    let client = clients.get(key);
    if (!client) {
      client = new Client({ name: "adversarial", version: "1.0.0" });
      await client.connect(
        new StreamableHTTPClientTransport(new URL(`${url}/mcp`), { requestInit: { headers: { authorization: `Bearer ${session}` } } }),
      );
      clients.set(key, client);
    }
    const result = await client.callTool({ name, arguments: args });
    return { data: result.structuredContent, isError: result.isError === true, raw: JSON.stringify(result) };
  }

  return { partnerSession, call, mcpCall };
}
