import { defineProject } from "vitest/config";

export default defineProject({
  test: { name: "typescript", include: ["__tests__/**/*.test.ts"], testTimeout: 60_000 },
});
