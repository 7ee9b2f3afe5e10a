import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import type { KitRouter } from "./router.js";

/** What each procedure takes, e.g. `RouterInputs["demo"]["create"]`. */
export type RouterInputs = inferRouterInputs<KitRouter>;
/** What each procedure returns, e.g. `RouterOutputs["demo"]["list"]`. */
export type RouterOutputs = inferRouterOutputs<KitRouter>;
