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

describe("WIDGET_API_ORIGIN", () => {
  const buildWith = async (value: string) => {
    const saved = { ...process.env };
    process.env.WIDGET_API_ORIGIN = value;
    try {
      await build({ root: packageDir, configFile: path.join(packageDir, "vite.config.ts"), logLevel: "silent", build: { outDir } });
    } finally {
      process.env = saved;
    }
    return readFileSync(path.join(outDir, "widget.js"), "utf8");
  };

  it("is compiled in as an origin; a path or a trailing slash stops the build", async () => {
    expect(await buildWith("https://api.example.com")).toContain('"https://api.example.com"');
    for (const bad of ["https://api.example.com/", "https://api.example.com/v1", "api.example.com", "ftp://api.example.com"]) {
      await expect(buildWith(bad), bad).rejects.toThrow(/WIDGET_API_ORIGIN must be an origin/);
    }
  });

  it("reaches the build through turbo, which passes a task only the variables turbo.json lists", () => {
    const turbo = JSON.parse(readFileSync(path.join(packageDir, "../../turbo.json"), "utf8")) as {
      tasks: { build: { env?: string[] } };
    };
    const config = readFileSync(path.join(packageDir, "vite.config.ts"), "utf8");
    const read = [...config.matchAll(/process\.env\.([A-Z0-9_]+)/g)].map((match) => match[1]);
    expect(read).toContain("WIDGET_API_ORIGIN");
    for (const name of read) expect(turbo.tasks.build.env, name).toContain(name);
    const prefix = /envPrefix:\s*"([A-Z0-9_]+)"/.exec(config)?.[1];
    expect(turbo.tasks.build.env).toContain(`${prefix}*`);
  });
});
