import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { loadEnv } from "@kit/config";
import {
  claimPgliteDir,
  createDb,
  type DatabaseHandle,
  databaseErrorOf,
  describeDatabaseStartFailure,
  migrate,
  pgliteConfig,
  postgresConfig,
} from "@kit/db";
import type { Logger } from "pino";
import { buildApp } from "./app";
import { createLogger } from "./logger";
import type { Lifecycle } from "./routes/probes";

const SHUTDOWN_GRACE_MS = 10_000;

/** A start that cannot succeed ends with one line on stderr that says how to fix it: no JSON, no stack. */
function failStart(line: string): never {
  process.stderr.write(`${line}\n`);
  process.exit(1);
}

/** What the bundle's entry (`code-cache-entry.ts`) tells the server about how its code was loaded. */
export interface BootEntry {
  /** V8's code cache for the bundle: used, rejected (another Node.js or other V8 flags), or none yet. */
  codeCache?: "used" | "rejected" | "none";
}

/**
 * Starts the server: config, logger, database, app, migrations, listen. Resolves once it is ready, with its logger; a
 * start that cannot succeed exits with one line on stderr.
 */
export async function main(entry: BootEntry = {}): Promise<Logger> {
  // Until the server listens, one timer keeps the event loop alive. Whenever the loop has nothing of its own to wait
  // for (on PGlite: while V8 compiles its WebAssembly on another thread), Node waits for every background task V8 has
  // queued before it runs the loop again, the optimizing compiles that PGlite's start queues included: about 100 ms
  // after `listen` before the first request was read, on an existing PGlite directory.
  const startHold = setInterval(() => {}, 2 ** 30);
  const env = loadEnv({ cwd: process.cwd(), env: process.env });
  if (!env.ok) failStart(env.error);
  const { config } = env;
  const logger = await createLogger(config, process.stdout.isTTY === true);
  for (const notice of env.notices) logger.warn(notice);
  const databaseUrl = config.database.driver === "postgres" ? config.database.url : null;

  let releasePglite = () => {};
  if (config.database.driver === "pglite" && config.database.dataDir !== "memory") {
    try {
      mkdirSync(dirname(config.database.dataDir), { recursive: true });
      releasePglite = claimPgliteDir(config.database.dataDir);
    } catch (error) {
      failStart(error instanceof Error ? `Cannot open the embedded database: ${error.message}` : String(error));
    }
  }
  process.on("exit", () => releasePglite());

  const database: DatabaseHandle = await createDb(
    config.database.driver === "postgres"
      ? postgresConfig(config.database)
      : pgliteConfig(config.database.dataDir, dirname(fileURLToPath(import.meta.url))),
  ).catch((error: unknown) =>
    failStart(
      describeDatabaseStartFailure(error, databaseUrl) ??
        `Cannot open the database: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`,
    ),
  );

  // The migration check goes first and the app is built while it waits: on Postgres it opens the pool's first
  // connection (a new backend, 10–20 ms here), which then serves the first requests. Its outcome is read below.
  const migrated = migrate(database).then(
    () => null,
    (error: unknown) => ({ error }),
  );
  const lifecycle: Lifecycle = { draining: false };
  const app = await buildApp({ config, database, logger, lifecycle });

  let stopping = false;
  async function shutdown(signal: string): Promise<void> {
    if (stopping) return;
    stopping = true;
    logger.info({ signal, drainMs: config.shutdownDrainMs }, "shutting down: readiness fails first, then in-flight requests finish");
    const force = setTimeout(() => {
      logger.error("requests still running after the grace period: exiting anyway");
      process.exit(1);
    }, config.shutdownDrainMs + SHUTDOWN_GRACE_MS).unref();
    try {
      // Readiness turns 503 while the server still serves, so a load balancer stops routing here before it closes.
      lifecycle.draining = true;
      if (config.shutdownDrainMs > 0) await new Promise((resolve) => setTimeout(resolve, config.shutdownDrainMs));
      await app.close(); // new requests get 503 (readiness fails first), in-flight ones finish
      await database.close();
      clearTimeout(force);
      logger.info("stopped");
      process.exit(0);
    } catch (error) {
      logger.error({ err: error }, "shutdown failed");
      process.exit(1);
    }
  }
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));

  /** Why the server could not start, in one line with the fix. */
  function describeStartFailure(error: unknown): string {
    const code = (error as { code?: unknown }).code;
    if (code === "EADDRINUSE")
      return `Port ${config.port} on ${config.host} is already in use: stop what uses it, or set PORT to another port.`;
    if (code === "EACCES") return `Not allowed to listen on ${config.host}:${config.port}: set PORT to a port above 1023, or HOST.`;
    if (code === "EADDRNOTAVAIL") return `${config.host} is not an address of this machine: set HOST (0.0.0.0 listens on every interface).`;
    const database = describeDatabaseStartFailure(error, databaseUrl);
    if (database) return database;
    // Migration statements carry no user data: Postgres's own message (never its detail) says what failed.
    const pg = databaseErrorOf(error);
    if (pg)
      return `Migrations failed (${String(pg.code)}: ${String(pg.message).split("\n")[0]}): fix the database or the migration, then start again.`;
    return `Could not start: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`;
  }

  try {
    const migration = await migrated;
    if (migration) throw migration.error;
    lifecycle.migrated = true;
    logger.info({ driver: database.driver }, "database migrated");
    await app.listen({ port: config.port, host: config.host });
    logger.info({ url: config.appUrl, codeCache: entry.codeCache ?? "off" }, "ready");
    clearInterval(startHold);
  } catch (error) {
    await Promise.race([database.close().catch(() => {}), new Promise((resolve) => setTimeout(resolve, 2_000))]);
    failStart(describeStartFailure(error));
  }
  return logger;
}
