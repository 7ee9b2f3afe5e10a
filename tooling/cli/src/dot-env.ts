import { findRepoRoot, mergeEnvSources } from "@kit/config";
import type { CommandIo } from "./cli-args";

/**
 * Variables the app does not use but a tool does (the registry's): `.env` and `.env.local` at the repository root,
 * under the environment the command was given (the same precedence as the app's).
 */
export function toolEnv(io: CommandIo): Record<string, string | undefined> {
  const merged = mergeEnvSources(findRepoRoot(io.cwd), io.env);
  if (!merged.ok) throw new Error(merged.error);
  return merged.vars;
}
