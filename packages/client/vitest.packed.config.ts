import { defineConfig } from "vitest/config";
import { reportOptions } from "../../vitest.report.ts";

/** The slow packed-client suite (`pnpm test:packed-client`): build, pack, install outside the workspace, call a server. */
export default defineConfig({
  test: {
    name: "client-packed",
    environment: "node",
    include: ["src/__tests__/*.packed.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    ...reportOptions(),
  },
});
