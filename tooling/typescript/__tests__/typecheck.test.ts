import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

/** A workspace of four packages: `a` and `b` on Node, `c` with the DOM; `d` has no typecheck script. */
const root = mkdtempSync(join(tmpdir(), "kit-typecheck-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const write = (path: string, text: string) => {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
};
const options = { strict: true, module: "Preserve", moduleResolution: "Bundler", types: [], noEmit: true };
const pkg = (name: string, lib: string[], typecheck = true) => {
  write(`pkgs/${name}/package.json`, JSON.stringify({ name, private: true, scripts: typecheck ? { typecheck: "tsc" } : {} }));
  write(`pkgs/${name}/tsconfig.json`, JSON.stringify({ compilerOptions: { ...options, lib }, include: ["src"] }));
};
write("package.json", JSON.stringify({ name: "fixture", private: true }));
write("pnpm-workspace.yaml", "packages:\n  - pkgs/*\n\ncatalog:\n  x: 1\n");
mkdirSync(join(root, "tooling/typescript"), { recursive: true });
copyFileSync(join(import.meta.dirname, "../typecheck.mjs"), join(root, "tooling/typescript/typecheck.mjs"));
mkdirSync(join(root, "node_modules"), { recursive: true });
symlinkSync(dirname(createRequire(import.meta.url).resolve("typescript/package.json")), join(root, "node_modules/typescript"));
pkg("a", ["ES2023"]);
pkg("b", ["ES2023"]);
pkg("c", ["ES2023", "DOM"]);
pkg("d", ["ES2023"], false);
write("pkgs/a/src/index.ts", 'import { b } from "../../b/src/index";\nexport const a: number = b + 1;\n');
write("pkgs/b/src/index.ts", "export const b = 1;\n");
write("pkgs/c/src/index.ts", "export const title: string = document.title;\n");
write("pkgs/d/src/index.ts", 'export const d: number = "not checked: d has no typecheck script";\n');

const typecheck = () => {
  const run = spawnSync(process.execPath, [join(root, "tooling/typescript/typecheck.mjs")], { cwd: root, encoding: "utf8" });
  return { code: run.status, output: `${run.stdout}${run.stderr}` };
};

describe("pnpm typecheck (tooling/typescript/typecheck.mjs)", () => {
  it("checks the packages with a typecheck script in one program for Node and one for the DOM", () => {
    const { code, output } = typecheck();
    expect(code, output).toBe(0);
    expect(output).toContain("typecheck node (pkgs/a, pkgs/b): ok");
    expect(output).toContain("typecheck dom (pkgs/c): ok");
  });

  it("fails on a type error in any package, naming the file", () => {
    write("pkgs/b/src/index.ts", 'export const b = "one";\n');
    const { code, output } = typecheck();
    write("pkgs/b/src/index.ts", "export const b = 1;\n");
    expect(code).toBe(1);
    expect(output).toContain("typecheck node (pkgs/a, pkgs/b): failed");
    expect(output).toMatch(/pkgs\/a\/src\/index\.ts.*TS2322/);
  });

  it("refuses to merge packages of one group whose other compiler options differ", () => {
    write("pkgs/b/tsconfig.json", JSON.stringify({ compilerOptions: { ...options, lib: ["ES2023"], strict: false }, include: ["src"] }));
    const { code, output } = typecheck();
    write("pkgs/b/tsconfig.json", JSON.stringify({ compilerOptions: { ...options, lib: ["ES2023"] }, include: ["src"] }));
    expect(code).toBe(2);
    expect(output).toContain("pkgs/a and pkgs/b differ in compilerOptions.strict");
    expect(typecheck().code).toBe(0);
  });
});
