import { defineConfig } from "vitest/config";
import { reportOptions } from "../../vitest.report.ts";

/** The browser suite (`pnpm test:e2e`): one file, steps in order, against `pnpm start` and the emulator. */
export default defineConfig({
  test: {
    name: "e2e",
    environment: "node",
    include: ["src/*.e2e.test.ts"],
    fileParallelism: false,
    sequence: { concurrent: false },
    testTimeout: 90_000,
    hookTimeout: 300_000,
    ...reportOptions(),
  },
});
