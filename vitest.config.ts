import { defineConfig } from "vitest/config";
import { reportOptions } from "./vitest.report.ts";

export default defineConfig({
  test: {
    projects: [
      "packages/*/vitest.config.ts",
      "apps/*/vitest.config.ts",
      "apps/server/vitest.adversarial.config.ts",
      "tooling/*/vitest.config.ts",
    ],
    ...reportOptions(),
    // Most test files wait (on the embedded database, job polling, timers) more than they compute: one worker more than
    // this machine's two cores runs the suite in 165 s instead of 210 s. VITEST_MAX_WORKERS overrides it.
    maxWorkers: Number(process.env.VITEST_MAX_WORKERS) || 3,
    // Collected with `--coverage` (`pnpm kit check`): the packages that guard every request must stay ≥ 90 % covered.
    coverage: {
      provider: "v8",
      include: ["packages/*/src/**/*.{ts,tsx}", "apps/*/src/**/*.{ts,tsx}", "tooling/cli/src/**/*.ts"],
      exclude: ["**/__tests__/**", "**/testing.ts", "**/*.d.ts"],
      reporter: ["text-summary", "json-summary"],
      reportsDirectory: "coverage",
      thresholds: {
        "packages/peek/src/**": { lines: 90 },
        "packages/api/src/**": { lines: 90 },
        "apps/server/src/routes/webhooks/**": { lines: 90 },
      },
    },
  },
});
