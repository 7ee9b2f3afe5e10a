import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { findRepoRoot } from "@kit/config";
import { PROJECT_FILE, readManifest, readProject, serializeManifest, updateProject } from "@kit/peek/manifest";
import { type Command, type CommandIo, parse, UsageError } from "../cli-args";
import { toolEnv } from "../dot-env";
import { checkKitManifest, withKitEntries } from "../manifest/kit-manifest";

const USAGE = `kit manifest check [--file app.json] [--write]   app.json against Peek's format and this app's routes (--write fixes the kit's entries)
kit manifest migrate [--file app.json]            convert an older manifest (either envelope) to Peek's current format`;

function readJson(file: string): unknown {
  return JSON.parse(readFileSync(file, "utf8"));
}

export const manifestCommand: Command = {
  name: "manifest",
  summary: "check app.json (Peek's current format, every route served, every webhook kind declared) or migrate an older one",
  usage: USAGE,
  async run(argv, io) {
    const [sub, ...rest] = argv;
    if (sub !== "check" && sub !== "migrate") throw new UsageError(sub ? `unknown command: kit manifest ${sub}` : "check or migrate?");
    const { values } = parse(rest, { file: { type: "string" }, write: { type: "boolean" } }, false);
    const repoRoot = findRepoRoot(io.cwd);
    const file = values.file ? resolve(io.cwd, values.file) : join(repoRoot, "app.json");
    let json: unknown;
    try {
      json = readJson(file);
    } catch (error) {
      io.err(`${file}: ${error instanceof Error ? error.message : String(error)}`);
      return 1;
    }
    const read = readManifest(json);
    if (!read.ok) {
      io.err(`${file} is not a Peek app manifest:`);
      for (const problem of read.problems) io.err(`  ${problem.path}: ${problem.message}`);
      return 1;
    }
    if (sub === "migrate") return migrate(io, file, read);
    if (read.format !== "flat" && values.write) {
      // Writing it in the current format here would drop what only the migration keeps (the app's slug, app-dev.json).
      io.err(`${file}: an older manifest (${read.format}): run kit manifest migrate first, then check --write`);
      return 1;
    }
    if (read.format !== "flat") {
      io.out(`${file}: an older manifest (${read.format}); read as the current format, kit manifest migrate converts it`);
    }
    const slug = toolEnv(io).PEEK_MCP_EXTENDABLE_SLUG?.trim();
    const options = slug ? { mcpSlug: slug } : {};
    const manifest = values.write ? withKitEntries(read.manifest, options) : read.manifest;
    const problems = checkKitManifest(manifest, options);
    if (problems.length > 0) {
      io.err(`${file}:`);
      for (const problem of problems) io.err(`  ${problem.path}: ${problem.message}`);
      return 1;
    }
    if (values.write) writeFileSync(file, serializeManifest(manifest));
    const count = (["global", "peek", "acme", "cng"] as const).reduce((n, key) => n + (manifest[key]?.length ?? 0), 0);
    io.out(`${file}: ${count} extendables, every kit route declared and served${values.write ? " (written)" : ""}`);
    return 0;
  },
};

/**
 * Converts either older envelope the way Peek's CLI does on read, writes the current format, records the app's slug in
 * `.peek-kit.json`, reports a dropped `base_url`, and folds an `app-dev.json` (the test app) into `.peek-kit.json`.
 */
function migrate(io: CommandIo, file: string, read: Extract<ReturnType<typeof readManifest>, { ok: true }>): number {
  const dir = resolve(file, "..");
  if (read.format === "flat") {
    io.out(`${file} is already in the current format`);
  } else {
    writeFileSync(file, serializeManifest(read.manifest));
    io.out(`Migrated ${file} to the current manifest format (extendables keyed by "global" and by platform).`);
    if (read.legacyAppId && !readProject(dir).app?.id) {
      updateProject(dir, { app: { id: read.legacyAppId } });
      io.out(`Recorded the app's slug (${read.legacyAppId}) in ${PROJECT_FILE}.`);
    }
    if (read.legacyBaseUrl) {
      io.out(
        `Dropped base_url (${read.legacyBaseUrl}) from the manifest: it is set per environment now, by kit use-url and kit dev --tunnel.`,
      );
    }
  }
  const devFile = join(dir, "app-dev.json");
  if (existsSync(devFile)) {
    const testId = (() => {
      try {
        const dev = readJson(devFile) as { data?: { app?: { id?: unknown } } };
        return typeof dev.data?.app?.id === "string" ? dev.data.app.id : null;
      } catch {
        return null;
      }
    })();
    if (testId) {
      updateProject(dir, { app: { testId } });
      rmSync(devFile);
      io.out(`Removed app-dev.json: its test app (${testId}) is recorded in ${PROJECT_FILE}.`);
    }
  }
  return 0;
}
