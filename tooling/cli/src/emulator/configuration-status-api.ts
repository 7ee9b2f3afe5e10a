import { tokenFromBearer, verifyHsToken } from "@kit/peek";
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import type { PeekEmulator } from "./emulator";

/** Peek documents no list of statuses: the emulator keeps and shows whatever short value the app sends. */
const reportSchema = z.object({ status: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/), notes: z.string().max(1000).nullable() });

/**
 * Stands in for the configuration-status call of Peek's installations API (`PUT /installations-api/<app>/
 * configuration_status/<install>`, as Peek's Elixir SDK makes it): the app's token is checked as Peek would (signed with the app's
 * secret, for that installation), the status kept on the installation and shown on the page. A fault switch makes it
 * answer 503, to watch the app retry.
 */
export function registerConfigurationStatusApi(
  app: FastifyInstance,
  options: { appSecret: string; appId: string; emulator: PeekEmulator },
): void {
  app.put<{ Params: { appId: string; installId: string } }>(
    "/installations-api/:appId/configuration_status/:installId",
    async (request, reply) => {
      const verified = await verifyHsToken(
        tokenFromBearer(request.headers["x-peek-auth"]),
        { secrets: [options.appSecret], issuers: ["peek_app_sdk", options.appId], maxTtlSeconds: 3600, clockToleranceSeconds: 10 },
        new Date(),
      );
      if (!verified.ok || verified.subject !== request.params.installId || request.params.appId !== options.appId) {
        return reply.status(401).send({ error: "unauthorized" });
      }
      if (options.emulator.state.faults().configurationStatus)
        return reply.status(503).send({ error: "failing on purpose (emulator fault)" });
      const report = reportSchema.safeParse(request.body);
      if (!report.success) return reply.status(422).send({ error: "status must be a short word (letters, digits, _ . -)" });
      if (!options.emulator.reportConfigurationStatus(request.params.installId, report.data)) {
        return reply.status(404).send({ error: "no such installation" });
      }
      return { status: report.data.status };
    },
  );
}
