import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";

/**
 * Where Peek's own CLI (`@peektravel/app-cli`, the `peek` command) keeps its registry override and its login, read and
 * written the same way here, so one login serves both tools: `<XDG_CONFIG_HOME or ~/.config>/peek/settings.json`
 * (`{ "registryUrl" }`) and `session.json` (one entry per registry URL, mode 0600).
 */
export const DEFAULT_REGISTRY_URL = "https://apps.peek.com";
/** A token this close to its expiry counts as expired (as Peek's CLI counts it). */
const EXPIRY_SKEW_MS = 30_000;

type Env = Record<string, string | undefined>;

export const peekConfigDir = (env: Env) => join(env.XDG_CONFIG_HOME || join(env.HOME || homedir(), ".config"), "peek");

const readJson = (file: string): Record<string, unknown> => {
  try {
    const value: unknown = JSON.parse(readFileSync(file, "utf8"));
    return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
};

/**
 * The registry this command talks to: `PEEK_REGISTRY_URL` (the kit's own setting, for CI), else Peek's CLI override
 * (`peek env set <url>`), else production. Used as written: the session is keyed by this exact string.
 */
export function registryUrl(env: Env): string {
  const fromEnv = env.PEEK_REGISTRY_URL?.trim();
  if (fromEnv) return fromEnv;
  const settings = readJson(join(peekConfigDir(env), "settings.json"));
  return typeof settings.registryUrl === "string" && settings.registryUrl ? settings.registryUrl : DEFAULT_REGISTRY_URL;
}

/** Not the production registry: commands say so (Peek's CLI asks; the kit prints it). */
export const isOverridden = (registry: string) => registry.replace(/\/+$/, "") !== DEFAULT_REGISTRY_URL;

/** `<registry>/publisher-api` and `<registry>/installations-api`. */
export const publisherApiUrl = (registry: string) => `${registry.replace(/\/+$/, "")}/publisher-api`;
export const installationsApiUrl = (registry: string) => `${registry.replace(/\/+$/, "")}/installations-api`;

export interface StoredSession {
  accessToken: string;
  refreshToken?: string;
  /** Epoch milliseconds. */
  expiresAt?: number;
  registryUrl: string;
}

const sessionFile = (env: Env) => join(peekConfigDir(env), "session.json");

/** Every registry's session, the legacy flat file re-keyed by its registry (as Peek's CLI reads it). */
function readSessions(env: Env): Record<string, StoredSession> {
  const raw = readJson(sessionFile(env));
  if (typeof raw.accessToken === "string") {
    const registry = typeof raw.registryUrl === "string" ? raw.registryUrl : DEFAULT_REGISTRY_URL;
    return { [registry]: { ...(raw as unknown as StoredSession), registryUrl: registry } };
  }
  return raw as Record<string, StoredSession>;
}

function writeSessions(env: Env, sessions: Record<string, StoredSession>): void {
  const dir = peekConfigDir(env);
  if (!existsSync(dir)) mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = sessionFile(env);
  if (Object.keys(sessions).length === 0) {
    rmSync(file, { force: true });
    return;
  }
  writeFileSync(file, JSON.stringify(sessions, null, 2), { mode: 0o600 });
  chmodSync(file, 0o600);
}

export function saveSession(env: Env, session: StoredSession): void {
  writeSessions(env, { ...readSessions(env), [session.registryUrl]: session });
}

export function forgetSession(env: Env, registry: string): boolean {
  const sessions = readSessions(env);
  if (!sessions[registry]) return false;
  delete sessions[registry];
  writeSessions(env, sessions);
  return true;
}

/** The token to send: `PEEK_TOKEN` when set (never stored), else the registry's unexpired session; null when signed out. */
export function accessToken(env: Env, registry: string, now = Date.now()): string | null {
  const fromEnv = env.PEEK_TOKEN?.trim();
  if (fromEnv) return fromEnv;
  const session = readSessions(env)[registry];
  if (!session?.accessToken) return null;
  if (session.expiresAt !== undefined && now >= session.expiresAt - EXPIRY_SKEW_MS) return null;
  return session.accessToken;
}
