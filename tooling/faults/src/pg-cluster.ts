import { execFile } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { freePort } from "@kit/peek/testing";

const run = promisify(execFile);
export const PG_BIN = process.env.PG_BIN ?? "/usr/lib/postgresql/15/bin";

/** Why the fault tests cannot run here, or null when they can. */
export function clusterUnavailable(): string | null {
  if (!existsSync(join(PG_BIN, "initdb"))) return `PostgreSQL binaries not found in ${PG_BIN} (set PG_BIN)`;
  if (process.getuid?.() === 0 && !existsSync("/usr/sbin/runuser") && !existsSync("/sbin/runuser"))
    return "running as root without runuser";
  return null;
}

export interface Cluster {
  url: string;
  port: number;
  /** `immediate` kills the server like a crash; `fast` is a clean shutdown. */
  stop(mode?: "immediate" | "fast"): Promise<void>;
  start(): Promise<void>;
  destroy(): Promise<void>;
}

/**
 * A throwaway PostgreSQL cluster in a temporary directory on a free port (initdb refuses root: as root it runs as the
 * `postgres` user). The shared server on 5432 is never touched.
 */
export async function startCluster(): Promise<Cluster> {
  const dir = mkdtempSync(join(tmpdir(), "kit-pg-"));
  const data = join(dir, "data");
  const asRoot = process.getuid?.() === 0;
  if (asRoot)
    chownSync(
      dir,
      Number((await run("id", ["-u", "postgres"])).stdout.trim()),
      Number((await run("id", ["-g", "postgres"])).stdout.trim()),
    );
  const pg = (tool: string, args: string[]) =>
    asRoot ? run("runuser", ["-u", "postgres", "--", join(PG_BIN, tool), ...args]) : run(join(PG_BIN, tool), args);
  await pg("initdb", ["-D", data, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync"]);
  const port = await freePort();
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=60`;
  const start = () =>
    pg("pg_ctl", ["-D", data, "-l", join(dir, "server.log"), "-o", options, "-w", "-t", "60", "start"]).then(() => undefined);
  await start();
  await pg("psql", ["-h", "127.0.0.1", "-p", String(port), "-U", "postgres", "-d", "postgres", "-qc", "create database app"]);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/app`,
    port,
    start,
    stop: (mode = "fast") => pg("pg_ctl", ["-D", data, "-m", mode, "-w", "-t", "60", "stop"]).then(() => undefined),
    destroy: async () => {
      await pg("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]).catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
