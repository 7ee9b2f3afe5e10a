import { join, resolve } from "node:path";
import { findRepoRoot } from "@kit/config";
import { type Command, parse, UsageError } from "../cli-args";
import { readManifest, unservedRoutes } from "../manifest/check-manifest";
import { servedRoutes } from "../manifest/served-routes";

const USAGE = "kit manifest check [--file app.json]   validate the manifest against Peek's app format and the server's routes";

export const manifestCommand: Command = {
  name: "manifest",
  summary: "check app.json: Peek's app format, and every extendable URL is a route the server serves",
  usage: USAGE,
  async run(argv, io) {
    const [sub, ...rest] = argv;
    if (sub !== "check") throw new UsageError(sub ? `unknown command: kit manifest ${sub}` : "what to do: kit manifest check");
    const { values } = parse(rest, { file: { type: "string" } }, false);
    const repoRoot = findRepoRoot(io.cwd);
    const file = values.file ? resolve(io.cwd, values.file) : join(repoRoot, "app.json");
    const read = readManifest(file);
    if (!read.ok) {
      io.err(`${file} is not a valid Peek app manifest:`);
      for (const problem of read.problems) io.err(`  ${problem.path}: ${problem.message}`);
      return 1;
    }
    const problems = unservedRoutes(read.manifest, servedRoutes().hasRoute);
    if (problems.length > 0) {
      io.err(`${file}: extendables point at routes the server does not serve:`);
      for (const problem of problems) io.err(`  ${problem.path}: ${problem.message}`);
      return 1;
    }
    const { app } = read.manifest.data;
    io.out(`${file}: ${app.name} ${app.app_version.display_version}, ${app.app_version.extendables.length} extendables, all routes served`);
    return 0;
  },
};
