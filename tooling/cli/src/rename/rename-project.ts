import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { wordsOf } from "../cli-args";

/** The forms of a project name the kit's files use. */
export interface ProjectNames {
  dash: string;
  snake: string;
  upper: string;
  pascal: string;
  display: string;
}

export const CURRENT: ProjectNames = {
  dash: "peek-app-kit",
  snake: "peek_app_kit",
  upper: "PEEK_APP_KIT",
  pascal: "PeekAppKit",
  display: "Peek App Kit",
};
/** The workspace packages' scope. */
export const CURRENT_SCOPE = "@kit/";

/** `"Harbor Kayak Tools"` or `"harbor-kayak-tools"` → every form; null when nothing usable is left. */
export function namesFor(input: string, display?: string): ProjectNames | null {
  const words = wordsOf(input);
  if (words.length === 0 || !/^[a-z]/.test(words[0] ?? "")) return null;
  const dash = words.join("-");
  if (dash.length > 40) return null;
  const cap = (w: string) => w[0]?.toUpperCase() + w.slice(1);
  return {
    dash,
    snake: words.join("_"),
    upper: words.join("_").toUpperCase(),
    pascal: words.map(cap).join(""),
    display: display?.trim() || words.map(cap).join(" "),
  };
}

const SKIP_DIRS = new Set(["node_modules", ".git", "dist", ".turbo", ".data", "coverage"]);
const TEXT_FILE = /\.(ts|tsx|mts|mjs|js|json|jsonc|md|ya?ml|html|css|toml|example|sh)$|^(Dockerfile|\.gitignore|\.env\.example|run)$/;

/** Files the rename reads: the repository's text files, outside dependencies and build output. */
function* textFiles(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) {
      if (!SKIP_DIRS.has(entry.name)) yield* textFiles(join(dir, entry.name));
    } else if (entry.isFile() && TEXT_FILE.test(entry.name) && statSync(join(dir, entry.name)).size < 2_000_000) {
      yield join(dir, entry.name);
    }
  }
}

/**
 * Renames the project in place: the package scope (`@kit/` → `@<name>/`), the app's id and name (app.json, package.json,
 * README, env examples, defaults) in every form. Returns the files it changed (relative paths).
 */
export function renameProject(root: string, names: ProjectNames, options: { dryRun?: boolean } = {}): string[] {
  const replacements = new Map<string, string>([
    [CURRENT_SCOPE, `@${names.dash}/`],
    [CURRENT.display, names.display],
    [CURRENT.pascal, names.pascal],
    [CURRENT.upper, names.upper],
    [CURRENT.snake, names.snake],
    [CURRENT.dash, names.dash],
  ]);
  // One pass over each file: a new name that contains an old one (`peek-app-kit-acme`) is never renamed again.
  const anyName = new RegExp([...replacements.keys()].map((from) => from.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")).join("|"), "g");
  const changed: string[] = [];
  for (const file of textFiles(root)) {
    const before = readFileSync(file, "utf8");
    const after = before.replace(anyName, (from) => replacements.get(from) ?? from);
    if (after === before) continue;
    changed.push(relative(root, file));
    if (!options.dryRun) writeFileSync(file, after);
  }
  return changed.sort();
}
