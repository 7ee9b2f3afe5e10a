import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineProject } from "vitest/config";
import { linguiCatalogs } from "./vite-plugins/lingui-catalogs.ts";

export default defineProject({
  plugins: [react(), linguiCatalogs(fileURLToPath(new URL("./src/i18n/catalogs", import.meta.url)))],
  test: {
    name: "web",
    environment: "jsdom",
    setupFiles: ["./src/test-setup.ts"],
  },
});
