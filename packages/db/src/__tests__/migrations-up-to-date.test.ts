import { execFile } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, expect, it } from "vitest";
import { migrationsFolder } from "../migrations-folder";

const packageDir = fileURLToPath(new URL("../..", import.meta.url));
// drizzle-kit only takes an output folder relative to the working directory.
const scratch = mkdtempSync(join(packageDir, ".migrations-check-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

it("the committed migrations already contain every change of the schema", async () => {
  cpSync(migrationsFolder, scratch, { recursive: true });
  const drizzleKit = join(packageDir, "node_modules/.bin/drizzle-kit");
  const args = ["generate", "--dialect", "postgresql", "--schema", "./src/schema/index.ts", "--casing", "snake_case"];
  const { stdout } = await promisify(execFile)(drizzleKit, [...args, "--out", `./${basename(scratch)}`], { cwd: packageDir });
  expect(readdirSync(scratch).sort()).toEqual(readdirSync(migrationsFolder).sort());
  expect(stdout, "run `pnpm db:generate` and commit the new migration").toContain("No schema changes");
}, 30_000);
