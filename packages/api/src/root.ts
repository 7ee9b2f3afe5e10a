import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import { bookingsRouter } from "./routers/bookings";
import { demoRouter } from "./routers/demo";
import { healthRouter } from "./routers/health";
import { partnersRouter } from "./routers/partners";
import { createCallerFactory, router } from "./trpc";

export const appRouter = router({
  health: healthRouter,
  partners: partnersRouter,
  demo: demoRouter,
  bookings: bookingsRouter,
});

export type AppRouter = typeof appRouter;
export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;

export const createCaller = createCallerFactory(appRouter);
