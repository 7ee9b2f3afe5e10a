import { bearerIsSecret } from "../services/bearer-secret";
import { getHealthStatus, getUsageMetrics } from "../services/health";
import { publicProcedure, router } from "../trpc";

export const healthRouter = router({
  status: publicProcedure.query(({ ctx }) => getHealthStatus(ctx.db)),
  /**
   * Counts for anyone; partner names only with `Authorization: Bearer <METRICS_TOKEN>` (the app's operators). A service
   * token acts for one installation, so it reads the counts as anyone does.
   */
  usage: publicProcedure.query(async ({ ctx }) =>
    getUsageMetrics(ctx.db, ctx.clock(), { withNames: bearerIsSecret(ctx.bearerToken, ctx.metricsToken) }),
  ),
});
