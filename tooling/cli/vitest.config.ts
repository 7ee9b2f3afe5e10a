import { defaultServerConditions } from "vite";
import { defineProject } from "vitest/config";

export default defineProject({
  // Workspace packages as TypeScript source (`@kit/client` points its "kit-source" condition at src/, its default at dist/).
  ssr: { resolve: { conditions: ["kit-source", ...defaultServerConditions] } },
  test: {
    name: "cli",
    environment: "node",
    isolate: false,
    exclude: ["**/node_modules/**", "**/*.slow.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
