import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { findRepoRoot } from "@kit/config";
import { type FlatManifest, type PeekProject, readManifest, readProject, serializeManifest, updateProject } from "@kit/peek/manifest";
import type { CommandIo } from "../cli-args";
import { toolEnv } from "../dot-env";
import { accessToken, isOverridden, registryUrl } from "./peek-config";
import { PublisherApi } from "./publisher-api";

/** What every registry command needs: where the project is, which registry, the token, the project file. */
export interface RegistryContext {
  root: string;
  registry: string;
  api: PublisherApi;
  project: PeekProject;
  env: Record<string, string | undefined>;
}

export function registryContext(io: CommandIo): RegistryContext {
  const root = findRepoRoot(io.cwd);
  const env = toolEnv(io);
  const registry = registryUrl(env);
  const token = accessToken(env, registry);
  if (!token) throw new Error(`Not signed in to ${registry}: run kit auth login (or set PEEK_TOKEN)`);
  if (isOverridden(registry)) io.err(`note: registry ${registry} (not production)`);
  return { root, registry, api: new PublisherApi(registry, token), project: readProject(root), env };
}

/** The app a command acts on: `--app`, else the test app with `--test`, else the project's app (`.peek-kit.json`). */
export function targetApp(context: RegistryContext, options: { app?: string | undefined; test?: boolean | undefined }): string {
  if (options.app) return options.app;
  if (options.test) {
    const testId = context.project.app?.testId;
    if (!testId) throw new Error("This project has no test app yet: run kit dev --tunnel once to create one, or pass --app <slug>");
    return testId;
  }
  const id = context.project.app?.id;
  if (!id)
    throw new Error('No app recorded for this directory: add {"app": {"id": "your-app-slug"}} to .peek-kit.json, or pass --app <slug>');
  return id;
}

/**
 * `app.json`, in the current flat format. An older envelope is converted and written back the way Peek's CLI does on
 * read: its slug goes to `.peek-kit.json` (if none is recorded), its `base_url` is reported as dropped.
 */
export function loadProjectManifest(context: RegistryContext, io: CommandIo, file = join(context.root, "app.json")): FlatManifest {
  if (!existsSync(file)) throw new Error(`${file} not found`);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, "utf8"));
  } catch {
    throw new Error(`${file} is not valid JSON`);
  }
  const read = readManifest(json);
  if (!read.ok) throw new Error(`${file}: ${read.problems.map((p) => `${p.path}: ${p.message}`).join("; ")}`);
  if (read.format !== "flat") {
    writeFileSync(file, serializeManifest(read.manifest));
    io.out(`Migrated ${file} to the current manifest format (extendables keyed by "global" and by platform).`);
    if (read.legacyAppId && !context.project.app?.id) context.project = updateProject(context.root, { app: { id: read.legacyAppId } });
    if (read.legacyBaseUrl)
      io.out(`Dropped base_url (${read.legacyBaseUrl}) from the manifest: it is set per environment now, with kit use-url.`);
  }
  return read.manifest;
}
