import { appendFileSync, cpSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { findRepoRoot } from "@kit/config";
import { afterEach, describe, expect, it } from "vitest";
import type { z } from "zod";
import { generateResource } from "../generate/generate-resource";
import { parseFields, type ResourceNames, resourceNames } from "../generate/resource-names";
import { BAD, sampleInput, schemaFile, testFile, validatorsFile } from "../generate/resource-templates";

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

describe("a generated resource's validators", () => {
  const fields = parseFields("title:text!,notes:text,quantity:integer,score:number,price:decimal,done:boolean,dueOn:date!,endsOn:date");
  const names = resourceNames("booking note") as ResourceNames;
  const input = { names, fields, scope: "@kit" };
  /** A TypeScript expression of a template (a plain value expression) evaluated. */
  const evaluate = (source: string): unknown => new Function(`return ${source}`)();

  it("check dates with the demo's shared check, imported from @kit/db (not a regex of their own)", () => {
    const source = validatorsFile(input);
    expect(source).toContain('import { localDateSchema } from "./validators-date";');
    expect(source).toContain("dueOn: () => localDateSchema,");
    expect(source).toContain("endsOn: () => localDateSchema.nullish(),");
    expect(validatorsFile({ ...input, fields: parseFields("title:text!") })).not.toContain("localDateSchema");
  });

  // The generated module itself, in a copy of packages/db/src that has it (its own imports resolve as they would there).
  it("refuse every value the columns cannot store with an error on the field, and accept the samples", async () => {
    dir = mkdtempSync(join(tmpdir(), "kit-gen-"));
    const db = join(dir, "packages/db");
    cpSync(join(repoRoot, "packages/db/src"), join(db, "src"), { recursive: true, filter: (path) => !path.includes("__tests__") });
    symlinkSync(join(repoRoot, "packages/db/node_modules"), join(db, "node_modules"), "dir");
    writeFileSync(join(db, `src/schema/${names.kebabPlural}.ts`), schemaFile(input));
    appendFileSync(join(db, "src/schema/index.ts"), `export * from "./${names.kebabPlural}";\n`);
    writeFileSync(join(db, `src/${names.kebabPlural}-validators.ts`), validatorsFile(input));
    const module = (await import(join(db, `src/${names.kebabPlural}-validators.ts`))) as Record<string, z.ZodType>;
    const schema = module[`${names.camel}InputSchema`] as z.ZodType;

    const sample = evaluate(sampleInput(fields)) as Record<string, unknown>;
    expect(schema.safeParse(sample).success).toBe(true);
    for (const date of ["2026-02-28", "2024-02-29", "0001-01-01", "9999-12-31"]) {
      expect(schema.safeParse({ ...sample, dueOn: date, endsOn: date }).success, date).toBe(true);
    }
    for (const date of ["2026-02-30", "0000-01-01", "2025-02-29", "2026-13-01", "30/01/2026"]) {
      for (const field of ["dueOn", "endsOn"]) {
        const result = schema.safeParse({ ...sample, [field]: date });
        expect(result.success, `${field}: ${date}`).toBe(false);
        expect(new Set(result.error?.issues.map((issue) => issue.path[0])), `${field}: ${date}`).toEqual(new Set([field]));
      }
    }
    // The values the generated tests send through the router: each refused, on its own field.
    for (const field of fields) {
      for (const [what, source] of BAD[field.type]) {
        const result = schema.safeParse({ ...sample, [field.name]: evaluate(source) });
        expect(result.success, `${field.name}: ${what}`).toBe(false);
        expect(new Set(result.error?.issues.map((issue) => issue.path[0])), `${field.name}: ${what}`).toEqual(new Set([field.name]));
      }
    }
  });

  it("are what the generated tests send, a bad date among them, expecting a field error", () => {
    const source = testFile(input);
    expect(source).toContain('["dueOn", "a day its month does not have", "2026-02-30"],');
    expect(source).toContain('["endsOn", "year 0", "0000-01-01"],');
    expect(source).toContain("it.each(bad)(");
    expect(source).toContain('rejects.toMatchObject({ code: "BAD_REQUEST" })');
    expect(source).toContain("expect(new Set(fields)).toEqual(new Set([field]));");
  });
});
