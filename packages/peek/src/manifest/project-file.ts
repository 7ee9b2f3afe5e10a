import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** `.peek-kit.json`: the app's registry identity, committed beside `app.json` (Peek's CLI reads and writes it too). */
export const PROJECT_FILE = ".peek-kit.json";

export interface PeekProject {
  app?: { id?: string; testId?: string };
  /** What created the project (Peek's CLI writes its own kit's name here). */
  starterKit?: string;
  platform?: string;
  createdAt?: string;
  [other: string]: unknown;
}

/** The project file, or `{}` when there is none or it does not parse (as Peek's CLI reads it). */
export function readProject(dir: string): PeekProject {
  const file = join(dir, PROJECT_FILE);
  if (!existsSync(file)) return {};
  try {
    const parsed = JSON.parse(readFileSync(file, "utf8"));
    return parsed && typeof parsed === "object" && !Array.isArray(parsed) ? (parsed as PeekProject) : {};
  } catch {
    return {};
  }
}

/** Merges a change into the project file the way Peek's CLI does: top level shallow, `app` one level deep, others kept. */
export function updateProject(dir: string, patch: PeekProject): PeekProject {
  const current = readProject(dir);
  const next: PeekProject = { ...current, ...patch };
  if (patch.app || current.app) next.app = { ...current.app, ...patch.app };
  if (next.app && Object.keys(next.app).length === 0) delete next.app;
  writeFileSync(join(dir, PROJECT_FILE), `${JSON.stringify(next, null, 2)}\n`);
  return next;
}
