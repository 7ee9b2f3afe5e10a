import { chmodSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ENV_ALIASES } from "@kit/config";

const IGNORING = new Set([".env.local", ".env*", "*.local", ".env*.local"]);

/** `.env.local` holds secrets: make sure git ignores it before anything is written there (as Peek's CLI does). */
export function ensureEnvLocalIgnored(dir: string): boolean {
  const file = join(dir, ".gitignore");
  const text = existsSync(file) ? readFileSync(file, "utf8") : "";
  if (text.split("\n").some((line) => IGNORING.has(line.trim()))) return false;
  writeFileSync(file, `${text.replace(/\n+$/, "")}${text ? "\n\n" : ""}# Local env (contains secrets)\n.env.local\n`);
  return true;
}

/**
 * Sets keys in `.env.local`: an existing `KEY=` line is replaced where it is, new keys are appended, every other line
 * is kept. Values are written unquoted (registry URLs and secrets have no spaces).
 */
export function writeEnvLocal(dir: string, values: Record<string, string>): void {
  ensureEnvLocalIgnored(dir);
  const file = join(dir, ".env.local");
  const lines = existsSync(file) ? readFileSync(file, "utf8").replace(/\n+$/, "").split("\n") : [];
  const present = new Set(lines.map((line) => /^([A-Za-z_][A-Za-z0-9_]*)=/.exec(line)?.[1]));
  // A setting with two names (APP_URL, Peek's PEEK_APP_URL) is written under the one the file already uses: both in
  // one file with different values is refused at start.
  const nameOf = (key: string) => {
    const alias = ENV_ALIASES.find((pair) => pair.includes(key))?.find((name) => name !== key);
    return alias && present.has(alias) && !present.has(key) ? alias : key;
  };
  const pending = new Map(Object.entries(values).map(([key, value]) => [nameOf(key), value]));
  const updated = lines.map((line) => {
    const key = /^([A-Za-z_][A-Za-z0-9_]*)=/.exec(line)?.[1];
    if (!key || !pending.has(key)) return line;
    const value = pending.get(key) as string;
    pending.delete(key);
    return `${key}=${value}`;
  });
  for (const [key, value] of pending) updated.push(`${key}=${value}`);
  // `mode` applies only to a file it creates: one copied from .env.example is made owner-only before the secrets go in.
  if (existsSync(file)) chmodSync(file, 0o600);
  writeFileSync(file, `${updated.filter((line, i, all) => line !== "" || i < all.length - 1).join("\n")}\n`, { mode: 0o600 });
}
