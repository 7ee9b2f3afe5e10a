import { defineConfig } from "vitest/config";
import { reportOptions } from "../../vitest.report.ts";

/** The fault suite (`pnpm test:faults`): each file starts its own PostgreSQL cluster, never the shared server. */
export default defineConfig({
  test: {
    name: "faults",
    environment: "node",
    include: ["src/*.faults.test.ts"],
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 240_000,
    ...reportOptions(),
  },
});
