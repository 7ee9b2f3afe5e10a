import { getHealthStatus, getUsageMetrics } from "../services/health";
import { publicProcedure, router } from "../trpc";

export const healthRouter = router({
  status: publicProcedure.query(({ ctx }) => getHealthStatus(ctx.db)),
  usage: publicProcedure.query(({ ctx }) => getUsageMetrics(ctx.db, ctx.clock())),
});
