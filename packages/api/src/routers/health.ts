import { bearerIsSecret } from "../services/bearer-secret";
import { getHealthStatus, getUsageMetrics } from "../services/health";
import { verifyInternalToken } from "../services/internal-tokens";
import { publicProcedure, router } from "../trpc";

export const healthRouter = router({
  status: publicProcedure.query(({ ctx }) => getHealthStatus(ctx.db)),
  /** Counts for anyone; partner names with `Authorization: Bearer <METRICS_TOKEN>` or an internal service token. */
  usage: publicProcedure.query(async ({ ctx }) => {
    const token = ctx.bearerToken;
    const withNames =
      bearerIsSecret(token, ctx.metricsToken) || (token !== null && (await verifyInternalToken(token, ctx.internalTokens, ctx.clock())).ok);
    return getUsageMetrics(ctx.db, ctx.clock(), { withNames });
  }),
});
