import { defineProject } from "vitest/config";

export default defineProject({
  define: { __KIT_API_ORIGIN__: JSON.stringify("") },
  test: { name: "widget", environment: "jsdom", testTimeout: 20_000 },
});
