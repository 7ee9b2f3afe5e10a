// The processes the bench drives: a throwaway database, the production server (one instance or several behind one
// port) and the bare Fastify ceiling.
import { type ChildProcess, spawn } from "node:child_process";
import { closeSync, openSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createDb } from "@kit/db";
import { sql } from "drizzle-orm";
import { allocSamplerOptions } from "./alloc-profile";

const repoRoot = join(import.meta.dirname, "../../..");

export async function throwawayDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, drop: async () => {} };
  const admin = "postgres://postgres@127.0.0.1:5432/postgres";
  const name = `kit_bench_${process.pid}`;
  const handle = await createDb({ driver: "postgres", url: admin, maxConnections: 1 });
  await handle.db.execute(sql.raw(`create database ${name}`));
  await handle.close();
  return {
    url: `postgres://postgres@127.0.0.1:5432/${name}`,
    drop: async () => {
      const again = await createDb({ driver: "postgres", url: admin, maxConnections: 1 });
      await again.db.execute(sql.raw(`drop database if exists ${name} with (force)`));
      await again.close();
    },
  };
}

const SYNCHRONOUS_COMMIT = ["on", "off", "local", "remote_write", "remote_apply"] as const;

/**
 * A login role on the same Postgres whose sessions run with `synchronous_commit` at `value` (set on the role, so the
 * server under test is unchanged), and the database URL that connects as it. For measuring what the setting costs.
 */
export async function roleWithSynchronousCommit(databaseUrl: string, value: string): Promise<{ url: string; drop: () => Promise<void> }> {
  if (!(SYNCHRONOUS_COMMIT as readonly string[]).includes(value))
    throw new Error(`BENCH_COMPARE_SYNCHRONOUS_COMMIT must be one of ${SYNCHRONOUS_COMMIT.join(", ")} (got "${value}")`);
  const role = `kit_bench_commit_${process.pid}`;
  const admin = await createDb({ driver: "postgres", url: databaseUrl, maxConnections: 1 });
  await admin.db.execute(sql.raw(`create role ${role} login superuser`));
  await admin.db.execute(sql.raw(`alter role ${role} set synchronous_commit = '${value}'`));
  await admin.close();
  const url = new URL(databaseUrl);
  url.username = role;
  url.password = "";
  return {
    url: url.toString(),
    drop: async () => {
      const again = await createDb({ driver: "postgres", url: databaseUrl, maxConnections: 1 });
      await again.db.execute(sql.raw(`reassign owned by ${role} to current_user`));
      await again.db.execute(sql.raw(`drop owned by ${role}`));
      await again.db.execute(sql.raw(`drop role if exists ${role}`));
      await again.close();
    },
  };
}

/** The production image's `NODE_OPTIONS` (its heap bound), read from the Dockerfile: the bench measures what production runs. */
export function productionNodeOptions(): string {
  const dockerfile = readFileSync(join(repoRoot, "tooling/deploy/Dockerfile"), "utf8");
  return (
    /^ENV NODE_OPTIONS=(.+)$/m
      .exec(dockerfile)?.[1]
      ?.trim()
      .replace(/^"(.*)"$/, "$1") ?? ""
  );
}

async function waitFor(url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline && child.exitCode === null) {
    if (
      await fetch(url).then(
        (r) => r.ok,
        () => false,
      )
    )
      return;
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill("SIGKILL");
  throw new Error(`${url} did not answer`);
}

let nextPort = 4600 + (process.pid % 200);

/**
 * The servers log at `BENCH_LOG_LEVEL` (`info` by default, as production does: one line a request) to a file each, as a
 * container's runtime would take their stdout; {@link summarizeServerLogs} reports and removes them.
 */
const LOG_LEVEL = process.env.BENCH_LOG_LEVEL ?? "info";
const serverLogs: string[] = [];

/** How many lines each server wrote, with those at `warn` or above (the first ten); the files are removed. */
export function summarizeServerLogs(): void {
  for (const path of serverLogs.splice(0)) {
    let text = "";
    try {
      text = readFileSync(path, "utf8");
    } catch {
      continue;
    }
    const lines = text.split("\n").filter(Boolean);
    const loud = lines.filter((line) => !/^\{"level":(10|20|30),/.test(line));
    console.log(`server log: ${lines.length} lines, ${loud.length} at warn or above`);
    for (const line of loud.slice(0, 10)) console.log(`  ${line.slice(0, 300)}`);
    rmSync(path, { force: true });
  }
}

/** The production bundle; with `instances` > 1, that many behind one port through node:cluster (tooling/bench/src/cluster.mjs). */
export async function startServer(
  databaseUrl: string,
  secret: string,
  options: { instances?: number; entry?: string; nodeOptions?: string; node?: string; env?: Record<string, string> } = {},
) {
  const port = nextPort++;
  const url = `http://127.0.0.1:${port}`;
  const entry = options.entry ?? join(repoRoot, "apps/server/dist/index.cjs");
  const profile = process.env.BENCH_CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
  const instances = options.instances ?? 1;
  // The allocation sampler is for one instance only (the bench signals that one process).
  const sampler = instances > 1 ? { args: [], env: {} } : allocSamplerOptions();
  const args = instances > 1 ? [join(import.meta.dirname, "cluster.mjs")] : [...profile, ...sampler.args, entry];
  const logPath = join(tmpdir(), `kit-bench-server-${process.pid}-${port}.log`);
  const log = openSync(logPath, "w");
  serverLogs.push(logPath);
  const child = spawn(options.node ?? process.execPath, args, {
    cwd: repoRoot,
    env: {
      PATH: process.env.PATH,
      NODE_ENV: "production",
      HOST: "127.0.0.1",
      PORT: String(port),
      APP_URL: url,
      PEEK_APP_ID: "bench-app",
      PEEK_APP_SECRET: secret,
      DATABASE_URL: databaseUrl,
      LOG_LEVEL: LOG_LEVEL,
      NODE_OPTIONS: options.nodeOptions ?? productionNodeOptions(),
      BENCH_INSTANCES: String(instances),
      BENCH_SERVER_ENTRY: entry,
      ...Object.fromEntries(
        ["DATABASE_POOL_SIZE", "DATABASE_PIPELINE", "DATABASE_POOLER", "DATABASE_DIRECT_URL", "WEBHOOK_BATCHES_IN_FLIGHT"].flatMap((key) =>
          process.env[key] ? [[key, process.env[key]]] : [],
        ),
      ),
      ...sampler.env,
      ...options.env,
    },
    stdio: ["ignore", log, "inherit"],
  });
  closeSync(log);
  await waitFor(`${url}/readyz`, child);
  return { child, url };
}

/** The bare Fastify route in a process of its own (no tsx: plain node, as the server runs). */
export async function startCeiling(): Promise<{ child: ChildProcess; url: string }> {
  const port = nextPort++;
  const child = spawn(process.execPath, [join(import.meta.dirname, "bare-ceiling.mjs")], {
    env: { PATH: process.env.PATH, NODE_ENV: "production", PORT: String(port) },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const url = `http://127.0.0.1:${port}`;
  await waitFor(`${url}/ceiling`, child);
  return { child, url };
}
