import { bearerFrom, bearerIsSecret, getHealthStatus, getUsageMetrics, type HealthStatus } from "@kit/api";
import type { Database } from "@kit/db";
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { errorBody } from "../plugins/errors";

const checkTypes = ["health", "usage"] as const;
const bodySchema = z.object({ checkType: z.enum(checkTypes) });

/** The health check is answered from a result at most this old: probes (and floods of them) cost no database round trip each. */
export const HEALTH_CACHE_MS = 1_500;

/**
 * Peek's health and usage probe: `POST /health` with `{"checkType": "health" | "usage"}`. No authentication for the
 * counts; usage names partners only for `Authorization: Bearer <METRICS_TOKEN>`.
 */
export async function healthRoutes(
  app: FastifyInstance,
  options: { db: Database; clock: () => Date; metricsToken: string | null; healthCacheMs?: number },
): Promise<void> {
  const cacheMs = options.healthCacheMs ?? HEALTH_CACHE_MS;
  let cached: { at: number; status: Promise<HealthStatus> } | null = null;
  const health = () => {
    const now = performance.now();
    if (!cached || now - cached.at >= cacheMs) {
      // One check in flight at a time; every caller in the window shares it.
      cached = { at: now, status: getHealthStatus(options.db) };
    }
    return cached.status;
  };

  app.post("/health", async (request, reply) => {
    const source = request.body && typeof request.body === "object" ? request.body : request.query;
    const parsed = bodySchema.safeParse(source);
    if (!parsed.success) {
      const given = (source as { checkType?: unknown } | undefined)?.checkType;
      return reply
        .status(400)
        .send(
          errorBody(
            request.id,
            "BAD_REQUEST",
            given === undefined
              ? 'checkType is required: send {"checkType":"health"} or {"checkType":"usage"}'
              : 'checkType must be "health" or "usage"',
          ),
        );
    }
    // A valid probe always answers 200: the state travels in ragStatus.
    if (parsed.data.checkType === "health") return health();
    const withNames = bearerIsSecret(bearerFrom(request.headers.authorization), options.metricsToken);
    return getUsageMetrics(options.db, options.clock(), { withNames });
  });
}
