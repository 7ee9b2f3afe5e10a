import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { findRepoRoot } from "@kit/config";
import { type Command, parse, UsageError } from "../cli-args";
import { namesFor, renameProject } from "../rename/rename-project";

const USAGE = `kit rename <new-name> [--display "Shown Name"] [--dry-run]
Renames the project: package scope @kit/ → @<new-name>/, app.json id and name, package.json, README, env examples.
Then run pnpm install (the lockfile changes with the scope) and commit.`;

export const renameCommand: Command = {
  name: "rename",
  summary: "rename the project (package scope, app.json id and name, README, env examples)",
  usage: USAGE,
  async run(argv, io) {
    const { values, positionals } = parse(argv, { display: { type: "string" }, "dry-run": { type: "boolean" } });
    if (positionals.length !== 1) throw new UsageError("give the new name, e.g. kit rename harbor-tools");
    const names = namesFor(positionals[0] as string, values.display);
    if (!names) throw new UsageError("the name must start with a letter and have at most 40 characters of letters, digits and dashes");
    const root = findRepoRoot(io.cwd);
    const changed = renameProject(root, names, { dryRun: values["dry-run"] ?? false });
    io.out(
      `${values["dry-run"] ? "would change" : "changed"} ${changed.length} files: @${names.dash}/*, app "${names.display}" (${names.dash})`,
    );
    for (const file of changed) io.out(`  ${file}`);
    if (!values["dry-run"]) {
      // Longer or shorter names move line lengths: reformat when the formatter is installed, else say so.
      const formatted = existsSync(join(root, "node_modules/.bin/biome"))
        ? spawnSync("pnpm", ["exec", "biome", "check", "--write", ...changed], { cwd: root, env: io.env, encoding: "utf8" }).status === 0
        : false;
      io.out(formatted ? "Next: pnpm install, pnpm check, then commit." : "Next: pnpm install, pnpm format, pnpm check, then commit.");
    }
    return 0;
  },
};
