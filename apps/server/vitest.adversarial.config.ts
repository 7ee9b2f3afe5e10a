import { defineProject } from "vitest/config";

/** The adversarial suite: hostile requests against every route and procedure (part of `pnpm test`). */
export default defineProject({
  test: {
    name: "adversarial",
    environment: "node",
    include: ["src/__adversarial__/**/*.test.ts"],
    isolate: false,
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
