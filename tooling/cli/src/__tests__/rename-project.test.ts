import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, expect, it } from "vitest";
import { namesFor, renameProject } from "../rename/rename-project";

let dir = "";
afterEach(() => rmSync(dir, { recursive: true, force: true }));

it("renames every form once, even to a name that contains the old one", () => {
  dir = mkdtempSync(join(tmpdir(), "kit-rename-"));
  const file = join(dir, "index.ts");
  writeFileSync(file, 'import { x } from "@kit/api";\n// Peek App Kit: PeekAppKit, PEEK_APP_KIT, peek_app_kit, peek-app-kit\n');
  const names = namesFor("peek-app-kit-acme");
  if (!names) throw new Error("no names");
  expect(renameProject(dir, names)).toEqual(["index.ts"]);
  expect(readFileSync(file, "utf8")).toBe(
    'import { x } from "@peek-app-kit-acme/api";\n// Peek App Kit Acme: PeekAppKitAcme, PEEK_APP_KIT_ACME, peek_app_kit_acme, peek-app-kit-acme\n',
  );
});
