import { cpSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { findRepoRoot } from "@kit/config";
import { afterEach, expect, it } from "vitest";
import { generateResource } from "../generate/generate-resource";
import { parseFields, resourceNames } from "../generate/resource-names";

const repoRoot = findRepoRoot(import.meta.dirname);
let dir = "";
afterEach(() => rmSync(dir, { recursive: true, force: true }));

it.each(["waiver", "booking event", "webhook delivery"])(
  "refuses a resource named as a table the schema has (%s), before it writes anything",
  (name) => {
    dir = mkdtempSync(join(tmpdir(), "kit-gen-"));
    for (const path of ["packages/db/package.json", "packages/db/src/schema", "packages/api/src/root.ts"]) {
      cpSync(join(repoRoot, path), join(dir, path), { recursive: true });
    }
    const before = readdirSync(join(dir, "packages/db/src/schema")).sort();
    const names = resourceNames(name);
    if (!names) throw new Error("no names");
    expect(() => generateResource(dir, names, parseFields("title:text!"))).toThrow(/the schema has a .* table already/);
    expect(readdirSync(join(dir, "packages/db/src/schema")).sort()).toEqual(before);
    expect(readdirSync(join(dir, "packages/api/src"))).toEqual(["root.ts"]);
  },
);
