import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export const DEV_SECRETS_FILE = "dev-secrets.json";

/**
 * Outside production, secrets nobody configured are generated once and kept in `<dataDir>/dev-secrets.json`
 * (mode 0600), so every feature works on a fresh clone and tokens survive restarts.
 */
export function ensureDevSecrets(dataDir: string, names: readonly string[]): Record<string, string> {
  const file = join(dataDir, DEV_SECRETS_FILE);
  const stored: Record<string, string> = existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) : {};
  let changed = false;
  for (const name of names) {
    if (!stored[name]) {
      stored[name] = randomBytes(32).toString("base64url");
      changed = true;
    }
  }
  if (changed) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, `${JSON.stringify(stored, null, 2)}\n`, { mode: 0o600 });
  }
  return Object.fromEntries(names.map((name) => [name, stored[name] as string]));
}
