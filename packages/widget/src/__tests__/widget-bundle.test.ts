import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "vite";
import { afterAll, describe, expect, it } from "vitest";

/** The secrets the server is configured with, present in the environment while the widget is built. */
const SECRETS = {
  CLIENT_SECRET_TOKEN: "widget-bundle-client-secret-7f3a9c",
  PEEK_APP_SECRET: "widget-bundle-peek-secret-1b2c3d",
  INTERNAL_API_SECRET: "widget-bundle-internal-secret-9e8d7c",
  VITE_CLIENT_SECRET_TOKEN: "widget-bundle-vite-prefixed-secret-5a5a",
};

const packageDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const outDir = mkdtempSync(path.join(tmpdir(), "kit-widget-"));
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

describe("the built widget", () => {
  it("is one ES module exporting the extension, with no configured secret in it", async () => {
    const saved = { ...process.env };
    Object.assign(process.env, SECRETS);
    try {
      await build({ root: packageDir, configFile: path.join(packageDir, "vite.config.ts"), logLevel: "silent", build: { outDir } });
    } finally {
      process.env = saved;
    }
    expect(readdirSync(outDir)).toEqual(["widget.js"]);
    const bundle = readFileSync(path.join(outDir, "widget.js"), "utf8");
    expect(bundle).toMatch(/export\s*\{[^}]*\bas default\b/);
    for (const [name, value] of Object.entries(SECRETS)) expect(bundle.includes(value), name).toBe(false);
    expect(bundle).not.toMatch(/process\.env|import\.meta\.env/);
  });
});
