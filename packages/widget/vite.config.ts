import { defineConfig } from "vite";

/**
 * Library mode: one ES module, `dist/widget.js`, whose default export is the extension function Peek Pro calls.
 * Nothing from the environment is compiled in except `WIDGET_API_ORIGIN` (a public URL, optional: by default the widget
 * calls the origin it was loaded from).
 */
export default defineConfig({
  define: { __KIT_API_ORIGIN__: JSON.stringify(process.env.WIDGET_API_ORIGIN ?? "") },
  envPrefix: "KIT_WIDGET_PUBLIC_",
  build: {
    lib: { entry: "src/index.ts", formats: ["es"], fileName: () => "widget.js" },
    target: "es2020",
    outDir: "dist",
    emptyOutDir: true,
    sourcemap: false,
    minify: true,
  },
});
