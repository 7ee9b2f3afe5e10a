import { defineConfig } from "vite";

/**
 * Library mode: one ES module, `dist/widget.js`, whose default export is the extension function Peek Pro calls.
 * Nothing from the environment is compiled in except `WIDGET_API_ORIGIN` (a public URL, optional: by default the widget
 * calls the origin it was loaded from).
 */
export default defineConfig({
  define: { __KIT_API_ORIGIN__: JSON.stringify(apiOrigin(process.env.WIDGET_API_ORIGIN)) },
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

/**
 * `WIDGET_API_ORIGIN` as an origin (`https://api.example.com`), or "" when unset. Anything else stops the build: a path
 * or a trailing slash would make every call miss (`…//widget/hello`). It reaches this build through turbo only because
 * `turbo.json` lists it for the build task.
 */
function apiOrigin(value: string | undefined): string {
  if (!value) return "";
  const origin = URL.canParse(value) ? new URL(value).origin : "null";
  if (origin === "null" || origin !== value || !/^https?:$/.test(new URL(value).protocol)) {
    throw new Error(`WIDGET_API_ORIGIN must be an origin such as https://api.example.com (no path, no trailing slash), got ${value}`);
  }
  return origin;
}
