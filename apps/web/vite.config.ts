import { fileURLToPath } from "node:url";
import tailwindcss from "@tailwindcss/vite";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";
import { linguiCatalogs } from "./vite-plugins/lingui-catalogs.ts";

/** In development the API runs on its own port; the dev server forwards API calls to it. */
const apiTarget = `http://127.0.0.1:${process.env.PORT ?? "4000"}`;

export default defineConfig({
  plugins: [react(), tailwindcss(), linguiCatalogs(fileURLToPath(new URL("./src/i18n/catalogs", import.meta.url)))],
  server: {
    port: 5173,
    proxy: { "/trpc": apiTarget, "/health": apiTarget, "/peek-pro": apiTarget },
  },
  // The manifest lets `pnpm bench:web` tell initial chunks from lazy ones.
  build: {
    outDir: "dist",
    sourcemap: true,
    manifest: true,
    rolldownOptions: {
      output: {
        // Everything the first paint needs in one file instead of a few (each file costs a request and its own gzip
        // dictionary); pages stay lazy.
        codeSplitting: { groups: [{ name: "app", tags: ["$initial"] }] },
      },
    },
  },
});
