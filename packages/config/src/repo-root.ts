import { existsSync } from "node:fs";
import { dirname, join } from "node:path";

/** The workspace root (where `pnpm-workspace.yaml` is), so `.data/` and `.env` sit there whichever package runs. */
export function findRepoRoot(start: string): string {
  let dir = start;
  for (;;) {
    if (existsSync(join(dir, "pnpm-workspace.yaml"))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return start;
    dir = parent;
  }
}
