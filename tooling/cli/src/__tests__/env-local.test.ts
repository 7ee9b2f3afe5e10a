import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import { writeEnvLocal } from "../registry/env-local";

let dir = "";
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "kit-env-local-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));
const envLocal = () => join(dir, ".env.local");

it("leaves the file readable by its owner only, one copied from .env.example (0644) included", () => {
  writeFileSync(envLocal(), "PORT=4000\n", { mode: 0o644 });
  writeEnvLocal(dir, { PEEK_APP_SECRET: "s".repeat(40) });
  expect(statSync(envLocal()).mode & 0o777).toBe(0o600);
  expect(readFileSync(envLocal(), "utf8")).toBe(`PORT=4000\nPEEK_APP_SECRET=${"s".repeat(40)}\n`);
});

it("writes a setting under the name the file already uses (APP_URL for Peek's PEEK_APP_URL), never both", () => {
  writeFileSync(envLocal(), "APP_URL=http://localhost:4000\n");
  writeEnvLocal(dir, { PEEK_APP_URL: "https://abc.trycloudflare.com" });
  expect(readFileSync(envLocal(), "utf8")).toBe("APP_URL=https://abc.trycloudflare.com\n");
  rmSync(envLocal());
  writeEnvLocal(dir, { PEEK_APP_URL: "https://abc.trycloudflare.com" });
  expect(readFileSync(envLocal(), "utf8")).toBe("PEEK_APP_URL=https://abc.trycloudflare.com\n");
});
