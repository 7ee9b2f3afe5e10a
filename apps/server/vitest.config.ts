import { defaultServerConditions } from "vite";
import { defineProject } from "vitest/config";

export default defineProject({
  // Workspace packages as TypeScript source (`@kit/client` points its "kit-source" condition at src/, its default at dist/).
  ssr: { resolve: { conditions: ["kit-source", ...defaultServerConditions] } },
  test: {
    name: "server",
    exclude: ["**/node_modules/**", "src/__adversarial__/**"],
    environment: "node",
    // One migrated PGlite per worker, shared by the files it runs (see @kit/db/testing).
    isolate: false,
    // Starting an embedded Postgres takes seconds on a busy 2-core machine.
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
