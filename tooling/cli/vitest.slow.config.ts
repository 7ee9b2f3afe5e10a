import { defineConfig } from "vitest/config";
import { reportOptions } from "../../vitest.report.ts";

/** The CLI's slow suite (`pnpm test:cli-slow`): `pnpm dev` for real, and a renamed copy of the repository. */
export default defineConfig({
  test: {
    name: "cli-slow",
    environment: "node",
    include: ["src/__tests__/*.slow.test.ts"],
    fileParallelism: false,
    testTimeout: 600_000,
    hookTimeout: 600_000,
    ...reportOptions(),
  },
});
