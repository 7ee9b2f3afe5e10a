import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseEnv } from "node:util";
import { findRepoRoot } from "@kit/server/repo-root";
import type { CommandIo } from "./cli-args";

/** Variables the app does not use but a tool does (the registry's): `.env` at the repository root, under the real environment. */
export function toolEnv(io: CommandIo): Record<string, string | undefined> {
  const file = join(findRepoRoot(io.cwd), ".env");
  const fromFile = existsSync(file) ? parseEnv(readFileSync(file, "utf8")) : {};
  return { ...fromFile, ...io.env };
}
