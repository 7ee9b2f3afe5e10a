import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseEnv as parseDotEnvText } from "node:util";

/**
 * Settings that have two names: the kit's and the one Peek's tools (`peek dev`, its starter kit) write. Either may be
 * used; giving both different values in one source is an error, since nobody can tell which was meant.
 */
export const ENV_ALIASES: readonly (readonly [kit: string, peek: string])[] = [["APP_URL", "PEEK_APP_URL"]];

/** The files read under the process environment, lowest precedence first. */
export const DOT_ENV_FILES = [".env", ".env.local"] as const;

export type Vars = Record<string, string | undefined>;

/** A file's variables, or none when it does not exist. */
export function readDotEnvFile(file: string): Vars {
  return existsSync(file) ? parseDotEnvText(readFileSync(file, "utf8")) : {};
}

const given = (value: string | undefined) => value !== undefined && value.trim() !== "";

/** One source with each aliased setting under the kit's name; an error names a setting given twice with two values. */
export function canonicalNames(vars: Vars, source: string): { ok: true; vars: Vars } | { ok: false; error: string } {
  const out: Vars = { ...vars };
  for (const [kit, peek] of ENV_ALIASES) {
    const a = vars[kit];
    const b = vars[peek];
    if (given(a) && given(b) && a?.trim() !== b?.trim()) {
      return {
        ok: false,
        error: `Invalid environment: ${kit} and ${peek} name one setting but have different values in ${source}: keep one.`,
      };
    }
    if (!given(a) && given(b)) out[kit] = b;
    delete out[peek];
  }
  return { ok: true, vars: out };
}

/**
 * The variables the app sees: the process environment over `.env.local` over `.env` (at the repository root), each
 * source's aliases resolved first.
 */
export function mergeEnvSources(repoRoot: string, processEnv: Vars): { ok: true; vars: Vars } | { ok: false; error: string } {
  const sources: [string, Vars][] = [
    ...DOT_ENV_FILES.map((name) => [name, readDotEnvFile(join(repoRoot, name))] as [string, Vars]),
    ["the process environment", processEnv],
  ];
  let merged: Vars = {};
  for (const [name, vars] of sources) {
    const canonical = canonicalNames(vars, name);
    if (!canonical.ok) return canonical;
    merged = { ...merged, ...Object.fromEntries(Object.entries(canonical.vars).filter(([, value]) => given(value))) };
  }
  return { ok: true, vars: merged };
}
