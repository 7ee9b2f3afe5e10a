import { defineConfig } from "vitest/config";
import { reportOptions } from "./vitest.report.ts";

export default defineConfig({
  test: {
    projects: ["packages/*/vitest.config.ts", "apps/*/vitest.config.ts", "tooling/*/vitest.config.ts"],
    ...reportOptions(),
  },
});
