import { defaultServerConditions } from "vite";
import { defineProject } from "vitest/config";

/** The adversarial suite: hostile requests against every route and procedure (part of `pnpm test`). */
export default defineProject({
  // Workspace packages as TypeScript source (`@kit/client` points its "kit-source" condition at src/, its default at dist/).
  ssr: { resolve: { conditions: ["kit-source", ...defaultServerConditions] } },
  test: {
    name: "adversarial",
    environment: "node",
    include: ["src/__adversarial__/**/*.test.ts"],
    isolate: false,
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
