import { appRouter, bearerFrom, type ContextDeps, createInnerContext, RateLimitedError } from "@kit/api";
import { MAX_BATCH_SIZE } from "@kit/api/limits";
import type { FastifyTRPCPluginOptions } from "@trpc/server/adapters/fastify";
import type { FastifyInstance } from "fastify";
import type { ErrorReporter } from "../error-reporting";
import { errorBody } from "./errors";
import { checkJsonShape, JSON_LIMITS } from "./json-body";
import { sessionCookieFor } from "./session-cookie";
import { registerTrpcRoute } from "./trpc-route";

/** Mounts the tRPC router at `/trpc`; each request's context carries its request id, credentials and request facts. */
export async function registerTrpc(
  app: FastifyInstance,
  deps: ContextDeps,
  options: { appUrl: string; errorReporter?: ErrorReporter | null },
): Promise<void> {
  const appOrigin = new URL(options.appUrl).origin;
  const https = options.appUrl.startsWith("https://");
  // tRPC's adapter takes the raw body with a parser of its own, past the app's JSON limits: the same bounds (depth,
  // items, keys, values) are checked on its routes only, on the body and on a GET's `input`, before tRPC or superjson
  // recurse. A NUL is left to the procedures' schemas, which refuse it with a field error the form can show.
  await app.register(async (scope) => {
    scope.addHook("preHandler", async (request, reply) => {
      // The `input` tRPC reads: the first of the URL's `input` values, decoded as `URLSearchParams` decodes it (Fastify's
      // query parser gives an array for a repeated key and leaves an undecodable escape as it is).
      const query = request.url.indexOf("?");
      const input = query === -1 ? null : new URLSearchParams(request.url.slice(query + 1)).get("input");
      for (const raw of [request.body, input]) {
        if (typeof raw !== "string") continue;
        const shape = checkJsonShape(raw, JSON_LIMITS, { refuseUnstorable: false });
        if (!shape.ok) return reply.status(shape.status).send(errorBody(request.id, shape.code, shape.message));
      }
    });
    registerTrpcRoute(scope, {
      prefix: "/trpc",
      trpcOptions: {
        router: appRouter,
        // Larger batches are refused with 400; clients batch at most this many calls (the web app and typed client do).
        maxBatchSize: MAX_BATCH_SIZE,
        createContext: ({ req, res }) =>
          createInnerContext(
            { ...deps, logger: req.log },
            {
              requestId: req.id,
              bearerToken: bearerFrom(req.headers.authorization),
              sessionCookie: sessionCookieFor(req, res, { https, clock: deps.clock ?? (() => new Date()) }),
              // Once the answer has gone (or the client went): `close` comes after the last byte is handed over.
              afterResponse: (task) => res.raw.once("close", task),
              facts: {
                ip: req.ip,
                userAgent: typeof req.headers["user-agent"] === "string" ? req.headers["user-agent"] : null,
                sameOrigin: req.headers.origin === appOrigin || req.headers["sec-fetch-site"] === "same-origin",
                json: req.headers["content-type"]?.split(";")[0]?.trim().toLowerCase() === "application/json",
                shownPartnerId: typeof req.headers["x-kit-partner"] === "string" ? req.headers["x-kit-partner"].slice(0, 64) : null,
              },
            },
          ),
        responseMeta: ({ errors }) => {
          // Answers depend on the session (bearer or cookie): a cache must key on both (they are no-store anyway).
          // (tRPC sets its own Vary for content negotiation; this replaces it, so it is repeated.)
          const headers: Record<string, string> = { vary: "trpc-accept, accept, Authorization, Cookie" };
          const limited = errors.map((error) => error.cause).find((cause) => cause instanceof RateLimitedError);
          if (limited) headers["retry-after"] = String(limited.retryAfterSeconds);
          else if (errors.some((error) => error.code === "SERVICE_UNAVAILABLE")) headers["retry-after"] = "2";
          return { headers };
        },
        onError: ({ error, path, req, ctx }) => {
          if (error.code === "INTERNAL_SERVER_ERROR") {
            req.log.error({ err: error.cause ?? error, path }, "procedure failed");
            const partnerId = ctx?.report.partnerId ?? null;
            options.errorReporter?.capture(error.cause ?? error, { requestId: req.id, partnerId, route: `trpc:${path ?? "?"}` });
          }
          if (error.code === "SERVICE_UNAVAILABLE") req.log.warn({ err: error.cause ?? error, path }, "database unavailable");
        },
      } satisfies FastifyTRPCPluginOptions<typeof appRouter>["trpcOptions"],
    });
  });
}
