import type { JobQueue } from "@kit/api";
import type { Database } from "@kit/db";
import type { PeekTokenConfig } from "@kit/peek";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { requirePeekToken, verifiedPeek } from "../../plugins/peek-auth";
import { type DeliveryAnswer, processBookingDelivery, processInstallationDelivery } from "./process-delivery";

export interface WebhookRouteOptions {
  db: Database;
  jobs: JobQueue;
  peekToken: PeekTokenConfig;
  clock: () => Date;
}

const INSTALLATION_PATHS = ["/registry/api/on-installation-status-change", "/peek-pro/api/on-installation-status-change"];

/**
 * The webhooks Peek posts. Every request is authenticated first (401), only JSON objects are read (415 otherwise,
 * 413 over 1 MiB), and a 2xx is sent only once what the delivery carries is committed.
 */
export async function webhookRoutes(app: FastifyInstance, options: WebhookRouteOptions): Promise<void> {
  requirePeekToken(app, options.peekToken, options.clock);
  // JSON only: without this, Fastify's default text/plain parser would read other bodies as strings.
  app.removeContentTypeParser(["text/plain"]);

  const answer = (request: FastifyRequest, reply: FastifyReply, result: DeliveryAnswer) =>
    "text" in result
      ? reply.status(result.status).type("text/plain; charset=utf-8").send(result.text)
      : reply.status(result.status).send({ error: { ...result.error, requestId: request.id } });

  const onInstallation = async (request: FastifyRequest, reply: FastifyReply) => {
    const peek = verifiedPeek(request);
    const deps = { db: options.db, logger: request.log, jobs: options.jobs, clock: options.clock };
    return answer(request, reply, await processInstallationDelivery(deps, peek.installId, request.body));
  };
  for (const path of INSTALLATION_PATHS) app.post(path, onInstallation);

  app.post("/peek-pro/api/on-booking-change", async (request, reply) => {
    const peek = verifiedPeek(request);
    return answer(request, reply, await processBookingDelivery({ db: options.db }, peek.installId, request.body));
  });
}
