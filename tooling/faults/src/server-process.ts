import { type ChildProcess, execFile, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { freePort } from "@kit/peek/testing";

export const repoRoot = resolve(import.meta.dirname, "../../..");
/** The production bundle `pnpm start` runs. */
export const SERVER_ENTRY = join(repoRoot, "apps/server/dist/index.cjs");
const entry = SERVER_ENTRY;

export const SECRETS = {
  PEEK_APP_SECRET: "faults-peek-secret-0123456789abcdef0123",
  CLIENT_SECRET_TOKEN: "faults-client-secret-0123456789abcdef",
  INTERNAL_API_SECRET: "faults-internal-secret-0123456789abcdef",
};

/** The production bundle, built once (turbo caches it). */
export async function ensureServerBuilt(): Promise<void> {
  await promisify(execFile)("pnpm", ["exec", "turbo", "run", "build", "--filter=@kit/server", "--output-logs=errors-only"], {
    cwd: repoRoot,
    env: { ...process.env, TURBO_TELEMETRY_DISABLED: "1" },
  });
  if (!existsSync(entry)) throw new Error(`${entry} was not built`);
}

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  log: () => string;
  exited: Promise<number | null>;
  kill(signal?: NodeJS.Signals): void;
}

/** Starts `node apps/server/dist/index.cjs` on a free port and waits until it is ready. */
export async function startServer(env: Record<string, string>): Promise<ServerProcess> {
  const port = await freePort();
  let output = "";
  const child = spawn(process.execPath, [entry], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH, NODE_ENV: "test", HOST: "127.0.0.1", PORT: String(port), LOG_LEVEL: "warn", ...SECRETS, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (chunk) => (output += chunk));
  child.stderr?.on("data", (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}):\n${output}`);
    if (
      await fetch(`${url}/readyz`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return { url, child, log: () => output, exited, kill: (s = "SIGTERM") => child.kill(s) };
    await new Promise((r) => setTimeout(r, 150));
  }
  child.kill("SIGKILL");
  throw new Error(`the server was not ready within 60 s:\n${output}`);
}
