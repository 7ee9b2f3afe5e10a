import { type ContextDeps, createInnerContext, MCP_PATH, resolvePeekCaller } from "@kit/api";
import type { Partner, PartnerUser } from "@kit/db";
import { bearerValue, type PeekTokenConfig, tokenFromBearer, verifyPeekToken } from "@kit/peek";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { ErrorReporter } from "../error-reporting";
import { errorBody } from "../plugins/errors";

/** The MCP SDK, loaded on the first call (a request path that never reaches /mcp does not pay its memory or boot). */
let mcpModules: Promise<[typeof import("@kit/api/mcp"), typeof import("@modelcontextprotocol/sdk/server/streamableHttp.js")]> | null = null;
const loadMcp = () => {
  mcpModules ??= Promise.all([import("@kit/api/mcp"), import("@modelcontextprotocol/sdk/server/streamableHttp.js")]);
  mcpModules.catch(() => {
    mcpModules = null;
  });
  return mcpModules;
};

export interface McpRouteOptions {
  deps: ContextDeps;
  peekToken: PeekTokenConfig;
  appName: string;
  version: string;
  /** MCP requests (any method) per installation per minute (`MCP_RATE_LIMIT_PER_MINUTE`). */
  perMinute: number;
  /** Checks the session or service token of `Authorization: Bearer` (other internal apps, the embedded app). */
  partnerOfBearer: (token: string) => Promise<{ partner: Partner } | null>;
  hitRateLimit: (key: string, limit: number) => Promise<{ allowed: true } | { allowed: false; retryAfterSeconds: number }>;
  /** Where a tool call's unexpected failure goes besides the log (Sentry), as a procedure's over tRPC. */
  errorReporter: ErrorReporter | null;
  /** The headers every response carries: the transport writes this route's answer itself. */
  securityHeaders: (reply: FastifyReply) => void;
}

/**
 * `POST /mcp`: the app's tools for Peek's AI orchestrator, over MCP's Streamable HTTP transport (stateless, JSON
 * answers, so a plain POST of `initialize`, `tools/list` or `tools/call` gets JSON back). Authenticated like the
 * embedded app: `x-peek-auth: Bearer <Peek token>` naming a user (a webhook token, without a user, is refused), or the
 * kit's own session or service token in `Authorization`. Every tool call is a tRPC procedure call for that partner.
 */
export async function mcpRoutes(app: FastifyInstance, options: McpRouteOptions): Promise<void> {
  const refuse = (request: FastifyRequest, reply: FastifyReply, status: number, code: string, message: string) =>
    reply.status(status).send(errorBody(request.id, code, message));

  app.post(MCP_PATH, async (request, reply) => {
    const now = options.deps.clock?.() ?? new Date();
    let peekCaller: { partner: Partner; user: PartnerUser } | null = null;
    let bearerToken: string | null = null;
    let partnerId: string;

    const peekHeader = request.headers["x-peek-auth"];
    if (peekHeader !== undefined) {
      const verified = await verifyPeekToken(tokenFromBearer(peekHeader), options.peekToken, now);
      if (!verified.ok) return refuse(request, reply, 401, "UNAUTHORIZED", `x-peek-auth: ${verified.reason.replaceAll("_", " ")}`);
      if (!verified.user)
        return refuse(request, reply, 401, "UNAUTHORIZED", "x-peek-auth: a token without a user (a webhook's) cannot call tools");
      const caller = await resolvePeekCaller(options.deps.db, { installId: verified.installId, user: verified.user });
      if (!caller.ok) {
        return caller.reason === "no_user"
          ? refuse(request, reply, 401, "UNAUTHORIZED", "x-peek-auth: the token's user has no usable email")
          : refuse(request, reply, 403, "FORBIDDEN", "This app is not installed for the account");
      }
      peekCaller = { partner: caller.partner, user: caller.user };
      partnerId = caller.partner.id;
    } else {
      const token = bearerValue(request.headers.authorization, 512);
      const known = token ? await options.partnerOfBearer(token) : null;
      if (!token || !known)
        return refuse(
          request,
          reply,
          401,
          "UNAUTHORIZED",
          "Send x-peek-auth: Bearer <Peek token> (or the app's own session or service token)",
        );
      bearerToken = token;
      partnerId = known.partner.id;
    }

    // One message a request: a JSON-RPC batch (which MCP's current version no longer has) would make a hundred tool
    // calls for one count of the rate limit.
    if (Array.isArray(request.body)) {
      return refuse(request, reply, 400, "BAD_REQUEST", "Send one JSON-RPC message a request: batches are not accepted");
    }

    const limited = await options.hitRateLimit(`mcp:${partnerId}`, options.perMinute);
    if (!limited.allowed) {
      reply.header("retry-after", String(limited.retryAfterSeconds));
      return refuse(request, reply, 429, "TOO_MANY_REQUESTS", "Too many MCP requests for this installation: wait and retry");
    }

    const [{ createMcpServer }, { StreamableHTTPServerTransport }] = await loadMcp();
    const ctx = createInnerContext({ ...options.deps, logger: request.log }, { requestId: request.id, bearerToken, peekCaller });
    const server = createMcpServer({
      name: options.appName,
      version: options.version,
      ctx,
      onInternalError: (error, path) => {
        request.log.error({ err: error, path }, "procedure failed");
        options.errorReporter?.capture(error, { requestId: request.id, partnerId, route: `mcp:${path}` });
      },
    });
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    // The transport insists the client accepts both JSON and event streams; a plain JSON client is served JSON anyway.
    const accept = String(request.headers.accept ?? "");
    if (!accept.includes("application/json") || !accept.includes("text/event-stream")) {
      request.raw.headers.accept = "application/json, text/event-stream";
    }
    // The transport writes the answer itself, past Fastify's hooks: the headers of every response go on first.
    options.securityHeaders(reply);
    for (const [name, value] of Object.entries(reply.getHeaders())) if (value !== undefined) reply.raw.setHeader(name, value);
    reply.hijack();
    reply.raw.on("close", () => {
      void transport.close();
      void server.close();
    });
    await server.connect(transport);
    await transport.handleRequest(request.raw, reply.raw, request.body);
  });

  // Stateless: no event stream to resume, no session to delete.
  for (const method of ["GET", "DELETE"] as const) {
    app.route({
      method,
      url: MCP_PATH,
      handler: (request, reply) => {
        reply.header("allow", "POST");
        return refuse(request, reply, 405, "METHOD_NOT_ALLOWED", "The MCP endpoint is stateless: POST JSON-RPC messages");
      },
    });
  }
}
