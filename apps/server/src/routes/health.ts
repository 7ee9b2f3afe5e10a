import { getHealthStatus, getUsageMetrics } from "@kit/api";
import type { Database } from "@kit/db";
import type { FastifyInstance } from "fastify";
import { z } from "zod";

const checkTypes = ["health", "usage"] as const;
const bodySchema = z.object({ checkType: z.enum(checkTypes) });

/** Peek's health and usage probe: `POST /health` with `{"checkType": "health" | "usage"}`. No authentication. */
export async function healthRoutes(app: FastifyInstance, options: { db: Database; clock: () => Date }): Promise<void> {
  app.post("/health", async (request, reply) => {
    const source = request.body && typeof request.body === "object" ? request.body : request.query;
    const parsed = bodySchema.safeParse(source);
    if (!parsed.success) {
      const given = (source as { checkType?: unknown } | undefined)?.checkType;
      return reply.status(400).send({
        error: {
          code: "BAD_REQUEST",
          message:
            given === undefined
              ? 'checkType is required: send {"checkType":"health"} or {"checkType":"usage"}'
              : 'checkType must be "health" or "usage"',
          requestId: request.id,
        },
      });
    }
    // A valid probe always answers 200: the state travels in ragStatus.
    return parsed.data.checkType === "health" ? getHealthStatus(options.db) : getUsageMetrics(options.db, options.clock());
  });
}
