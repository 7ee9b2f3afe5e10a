import { readDotEnv } from "@kit/server/env";
import { findRepoRoot } from "@kit/server/repo-root";
import type { CommandIo } from "./cli-args";

/** Variables the app does not use but a tool does (the registry's): `.env` at the repository root, under the real environment. */
export function toolEnv(io: CommandIo): Record<string, string | undefined> {
  return { ...readDotEnv(findRepoRoot(io.cwd)), ...io.env };
}
