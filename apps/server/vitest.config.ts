import { defineProject } from "vitest/config";

export default defineProject({
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
