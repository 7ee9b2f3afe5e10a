import { join, resolve } from "node:path";
import { DEV_SECRETS_FILE, ensureDevSecrets } from "./dev-secrets";
import { mergeEnvSources, type Vars } from "./dot-env";
import { type EnvResult, GENERATED_DEV_SECRETS, parseEnv } from "./env-schema";
import { findRepoRoot } from "./repo-root";

/**
 * A process's configuration: the given environment over `.env.local` over `.env` at the repository root, plus the
 * generated development secrets outside production. Callers pass their environment (the server its `process.env`,
 * the CLI the one it was given), so nothing global is read or swapped here.
 */
export function loadEnv(options: { cwd: string; env: Vars }): EnvResult & { repoRoot: string } {
  const repoRoot = findRepoRoot(options.cwd);
  const merged = mergeEnvSources(repoRoot, options.env);
  if (!merged.ok) return { ...merged, repoRoot };
  const vars = merged.vars;

  const generatedNotices: string[] = [];
  if ((vars.NODE_ENV ?? "development") !== "production") {
    const unset = GENERATED_DEV_SECRETS.filter((name) => !vars[name]?.trim());
    if (unset.length > 0) {
      const dataDir = resolve(repoRoot, vars.DATA_DIR?.trim() || ".data");
      Object.assign(vars, ensureDevSecrets(dataDir, unset));
      for (const name of unset) {
        generatedNotices.push(`${name} is not set: using a development secret generated into ${join(dataDir, DEV_SECRETS_FILE)}`);
      }
    }
  }
  const result = parseEnv(vars, repoRoot);
  return result.ok ? { ...result, notices: [...generatedNotices, ...result.notices], repoRoot } : { ...result, repoRoot };
}
