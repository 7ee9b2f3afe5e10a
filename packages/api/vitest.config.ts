import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "api",
    environment: "node",
    // One migrated PGlite per worker, shared by the files it runs (see @kit/db/testing).
    isolate: false,
  },
});
