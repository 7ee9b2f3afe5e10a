/**
 * The router type the client is typed against. In the workspace it is the server's own `AppRouter`; the build replaces
 * this module's declarations with the same procedures written out in full (see `scripts/router-types.mjs`), so a
 * consumer of the packed package needs no `@kit/*` source and none of the server's dependencies.
 */
export type { AppRouter as KitRouter } from "@kit/api";
