import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "cli",
    environment: "node",
    isolate: false,
    exclude: ["**/node_modules/**", "**/*.slow.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
