import {
  acceptBookingDelivery,
  acceptInstallationDelivery,
  findPartnerByInstallId,
  isInstalled,
  type JobQueue,
  rejectInstallationDelivery,
} from "@kit/api";

import type { Database } from "@kit/db";
import { type PeekTokenConfig, parseBookingWebhook } from "@kit/peek";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { requirePeekToken, verifiedPeek } from "../../plugins/peek-auth";
import { fieldErrors, installationBodySchema, isKnownStatus } from "./installation-body";

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

  const badRequest = (request: FastifyRequest, reply: FastifyReply, message: string, fields?: Record<string, string[]>) =>
    reply.status(400).send({ error: { code: "BAD_REQUEST", message, ...(fields ? { fields } : {}), requestId: request.id } });
  const text = (reply: FastifyReply, status: number, body: string) => reply.status(status).type("text/plain; charset=utf-8").send(body);

  const onInstallation = async (request: FastifyRequest, reply: FastifyReply) => {
    const peek = verifiedPeek(request);
    const parsed = installationBodySchema.safeParse(request.body);
    if (!parsed.success) {
      const fields = fieldErrors(parsed.error);
      return badRequest(request, reply, `Invalid installation webhook: ${Object.keys(fields).join(", ")}`, fields);
    }
    const body = parsed.data;
    if (body.install_id !== peek.installId) {
      return reply.status(403).send({
        error: { code: "FORBIDDEN", message: "install_id does not match the token's installation", requestId: request.id },
      });
    }
    if (!isKnownStatus(body.status)) {
      await rejectInstallationDelivery(options.db, {
        installId: body.install_id,
        payload: request.body,
        reason: `unknown status ${body.status}`,
      });
      return reply.status(422).send({
        error: { code: "UNPROCESSABLE_ENTITY", message: `Unknown installation status "${body.status}"`, requestId: request.id },
      });
    }
    const partner = await acceptInstallationDelivery(
      { db: options.db, logger: request.log, jobs: options.jobs, clock: options.clock },
      {
        payload: request.body,
        snapshot: {
          installId: body.install_id,
          accountId: body.account.id,
          name: body.account.name,
          platform: body.account.platform ?? "peek",
          isTest: body.account.is_test,
          installation: { status: body.status, display_version: body.display_version, install_id: body.install_id },
          timezone: body.account.timezone ?? null,
          apiUrl: body.api?.url ?? null,
        },
      },
    );
    return text(reply, 200, `Partner ${partner.name} updated successfully.`);
  };
  for (const path of INSTALLATION_PATHS) app.post(path, onInstallation);

  app.post("/peek-pro/api/on-booking-change", async (request, reply) => {
    const peek = verifiedPeek(request);
    const partner = await findPartnerByInstallId(options.db, peek.installId);
    if (!partner) return text(reply, 200, "Unknown install ID");
    if (!isInstalled(partner)) return text(reply, 200, "Installation is not active");

    const body = request.body;
    if (!body || typeof body !== "object" || Array.isArray(body)) return badRequest(request, reply, "The body must be a JSON object");
    const raw = body as { id?: unknown; booking?: { id?: unknown } | null };
    const rawId = raw.booking && typeof raw.booking === "object" ? raw.booking.id : raw.id;
    if (!((typeof rawId === "string" && rawId.trim() !== "") || typeof rawId === "number")) {
      return badRequest(request, reply, "booking.id is required", { "booking.id": ["is required"] });
    }
    const booking = parseBookingWebhook(body);
    await acceptBookingDelivery(options.db, partner, {
      payload: body,
      booking: { ...booking, bookingId: booking.bookingId || String(rawId) },
    });
    return text(reply, 200, `Partner ${partner.name} received a booking change`);
  });
}
