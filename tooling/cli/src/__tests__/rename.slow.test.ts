import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runKit } from "../main";
import { childEnv, runCommand } from "./slow-helpers";

/**
 * `kit rename` on a copy of the repository (no node_modules, no .git): it installs offline with its new scope,
 * type-checks and passes the unit suite.
 */
const repoRoot = join(import.meta.dirname, "../../../..");
const work = mkdtempSync(join(tmpdir(), "kit-rename-"));
const copy = join(work, "harbor-tools");
afterAll(() => rmSync(work, { recursive: true, force: true }));

const SKIP = new Set(["node_modules", ".git", "dist", ".turbo", ".data", "coverage", ".vitest-results.json"]);

describe("kit rename", () => {
  it("renames a copy that then installs offline, generates a resource and a webhook kind, lints, type-checks and passes the whole unit suite", async () => {
    cpSync(repoRoot, copy, {
      recursive: true,
      filter: (source) => !SKIP.has(basename(source)) && !basename(source).startsWith(".parity-"),
    });
    const out: string[] = [];
    const code = await runKit(["rename", "harbor-tools", "--display", "Harbor Tools"], {
      out: (l) => out.push(l),
      err: (l) => out.push(l),
      cwd: copy,
      env: childEnv(),
    });
    expect(code, out.join("\n")).toBe(0);

    expect(JSON.parse(readFileSync(join(copy, ".peek-kit.json"), "utf8")).app).toEqual({ id: "harbor-tools" });
    expect(JSON.parse(readFileSync(join(copy, "package.json"), "utf8")).name).toBe("harbor-tools");
    expect(JSON.parse(readFileSync(join(copy, "packages/api/package.json"), "utf8")).name).toBe("@harbor-tools/api");
    expect(readFileSync(join(copy, "README.md"), "utf8").split("\n")[0]).toBe("# Harbor Tools (TypeScript)");
    expect(readFileSync(join(copy, "apps/server/src/app.ts"), "utf8")).not.toContain("@kit/");

    // The copy locks exactly the versions the main install verified against pnpm's release-age policy; offline, pnpm
    // could not fetch the registry metadata to verify them again, so the copy's install skips that one check.
    const env = childEnv({ CI: "true", TURBO_TELEMETRY_DISABLED: "1", pnpm_config_minimum_release_age: "0" });
    const install = await runCommand("pnpm", ["install", "--offline", "--no-frozen-lockfile"], { cwd: copy, env });
    expect(install.code, install.output).toBe(0);
    expect(existsSync(join(copy, "node_modules/@harbor-tools/api"))).toBe(false); // workspace packages live under their users
    expect(existsSync(join(copy, "apps/server/node_modules/@harbor-tools/api"))).toBe(true);

    // Renamed lines have new lengths: the formatter the rename asked for, as its output says.
    expect(out.join("\n")).toContain("pnpm format");
    const format = await runCommand("pnpm", ["format"], { cwd: copy, env });
    expect(format.code, format.output.slice(-2000)).toBe(0);

    // A generated resource in the renamed project: it must use the new scope, migrate, type-check and pass its tests.
    const generated: string[] = [];
    const gen = await runKit(
      ["gen", "resource", "booking note", "--fields", "title:text!,quantity:integer,done:boolean,dueOn:date,price:decimal,score:number"],
      {
        out: (l) => generated.push(l),
        err: (l) => generated.push(l),
        cwd: copy,
        env,
      },
    );
    expect(gen, generated.join("\n")).toBe(0);
    expect(readFileSync(join(copy, "packages/api/src/services/booking-notes.ts"), "utf8")).toContain('from "@harbor-tools/db"');
    const migration = readdirSync(join(copy, "packages/db/migrations")).find((file) => file.endsWith("_booking_notes.sql"));
    expect(readFileSync(join(copy, "packages/db/migrations", migration ?? "missing"), "utf8")).toContain('CREATE TABLE "booking_notes"');

    // A new kind of Peek webhook, for an event that does not exist (guide_assigned is made up for this test): the
    // generated module, registry entry, app.json entry and route test must pass the manifest check and the suite.
    const webhook = await runKit(["gen", "webhook", "guide-assigned", "--event", "guide_assigned"], {
      out: (l) => generated.push(l),
      err: (l) => generated.push(l),
      cwd: copy,
      env,
    });
    expect(webhook, generated.join("\n")).toBe(0);
    // In the copy's own process: this one loaded the original registry of webhook kinds.
    const check = await runCommand("pnpm", ["kit", "manifest", "check"], { cwd: copy, env });
    expect(check.code, check.output).toBe(0);

    const lint = await runCommand("pnpm", ["lint"], { cwd: copy, env });
    expect(lint.code, lint.output.slice(-3000)).toBe(0);
    const typecheck = await runCommand("pnpm", ["typecheck"], { cwd: copy, env });
    expect(typecheck.code, typecheck.output.slice(-4000)).toBe(0);
    // The whole unit suite, in the copy: the generated resource's and webhook kind's tests among it, every package
    // loaded through its new name (on PGlite: the Postgres files run in the original's suite and the pooler suite).
    const tests = await runCommand("pnpm", ["test"], { cwd: copy, env });
    expect(tests.code, tests.output.slice(-6000)).toBe(0);
    expect(tests.output).toMatch(/Tests\s+\d+ passed/);
    expect(tests.output).not.toMatch(/Tests\s+\d+ failed/);
    expect(tests.output).toContain("booking-notes.test.ts");
    expect(tests.output).toContain("guide-assigned-webhook.test.ts");
  });
});
