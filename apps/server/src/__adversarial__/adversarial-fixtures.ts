import { mintPeekToken } from "@kit/peek";
import type { FastifyInstance } from "fastify";
import superjson from "superjson";
import { installationBody, postWebhook } from "../__tests__/peek-fixtures";
import { APP_ORIGIN } from "../__tests__/portal-fixtures";
import { TEST_SECRETS } from "../__tests__/test-app";

/** Calls procedures over HTTP the way the web app does, for a partner installed and opened through the real routes. */
export function procedureCaller(app: () => FastifyInstance) {
  /** An installed partner with a user and an embed session, through the real routes. */
  async function partnerSession(installId: string) {
    await postWebhook(
      app(),
      "/registry/api/on-installation-status-change",
      installationBody({ install_id: installId }, { id: `acct-${installId}`, name: installId }),
    );
    const token = await mintPeekToken({
      installId,
      secret: TEST_SECRETS.PEEK_APP_SECRET,
      user: { id: `u-${installId}`, email: `${installId}@example.com`, name: "U" },
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
    const body = response.json() as { result?: { data: unknown }; error?: { json: { data: { code: string } } } };
    return {
      status: response.statusCode,
      data: body.result ? superjson.deserialize(body.result.data as never) : undefined,
      code: body.error?.json.data.code,
      raw: response.body,
    };
  }

  /** Calls an MCP tool as the web app's session would (`Authorization: Bearer <session>`), plain JSON over POST /mcp. */
  async function mcpCall(session: string, name: string, args: Record<string, unknown> = {}) {
    const response = await app().inject({
      method: "POST",
      url: "/mcp",
      headers: { authorization: `Bearer ${session}`, "content-type": "application/json", accept: "application/json" },
      payload: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/call", params: { name, arguments: args } }),
    });
    const body = response.json() as { result?: { structuredContent?: unknown; isError?: boolean } };
    return {
      status: response.statusCode,
      data: body.result?.structuredContent,
      isError: body.result?.isError === true,
      raw: response.body,
    };
  }

  return { partnerSession, call, mcpCall };
}
