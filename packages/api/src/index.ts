export { type Context, type ContextDeps, createInnerContext, type InnerContext, type Logger } from "./context";
export { type AppRouter, appRouter, createCaller, type RouterInputs, type RouterOutputs } from "./root";
export { getHealthStatus, getUsageMetrics, type HealthStatus, type UsageMetrics } from "./services/health";
