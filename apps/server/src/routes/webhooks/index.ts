import { type JobQueue, type SessionCache, WEBHOOK_KINDS } from "@kit/api";
import type { Database } from "@kit/db";
import type { PeekTokenConfig, WebhookUserTokenMode } from "@kit/peek";
import type { FastifyInstance } from "fastify";
import { errorBody } from "../../plugins/errors";
import { requirePeekToken, verifiedPeek } from "../../plugins/peek-auth";

export interface WebhookRouteOptions {
  db: Database;
  jobs: JobQueue;
  peekToken: PeekTokenConfig;
  userTokens: WebhookUserTokenMode;
  fullCustomerAccess: boolean;
  batchesInFlight: number;
  clock: () => Date;
  sessionCache: SessionCache;
}

/**
 * The webhooks Peek posts, one route per path of each kind in `@kit/api`'s registry. Every request is authenticated
 * first (401), only JSON objects are read (415 otherwise, 413 over 1 MiB), and a 2xx is sent only once what the
 * delivery carries is committed. Processing lives in `@kit/api` (parse, decide, write); this maps its result to HTTP.
 */
export async function webhookRoutes(app: FastifyInstance, options: WebhookRouteOptions): Promise<void> {
  requirePeekToken(app, options.peekToken, options.clock);
  // JSON only: without this, Fastify's default text/plain parser would read other bodies as strings.
  app.removeContentTypeParser(["text/plain"]);

  for (const kind of WEBHOOK_KINDS) {
    for (const path of kind.paths) {
      app.post(path, async (request, reply) => {
        const peek = verifiedPeek(request);
        const deps = {
          db: options.db,
          jobs: options.jobs,
          logger: request.log,
          clock: options.clock,
          userTokens: options.userTokens,
          fullCustomerAccess: options.fullCustomerAccess,
          batchesInFlight: options.batchesInFlight,
          sessionCache: options.sessionCache,
        };
        const token = { installId: peek.installId, user: peek.user, issuedAt: peek.issuedAt };
        const result = await kind.process(deps, token, request.body);
        if (result.ok) return reply.type("text/plain; charset=utf-8").send(result.message);
        return reply.status(result.status).send(errorBody(request.id, result.code, result.message, result.fields));
      });
    }
  }
}
