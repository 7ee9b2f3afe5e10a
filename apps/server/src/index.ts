import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { createDb, migrate } from "@kit/db";
import pino from "pino";
import { buildApp } from "./app";
import { loadEnv } from "./env";
import { loggerOptions } from "./logger";
import { claimPgliteDir } from "./pglite-lock";

const SHUTDOWN_GRACE_MS = 10_000;

const env = loadEnv();
if (!env.ok) {
  console.error(env.error);
  process.exit(1);
}
const { config } = env;
const logger = pino(loggerOptions(config.logLevel));
for (const notice of env.notices) logger.warn(notice);

let releasePglite = () => {};
if (config.database.driver === "pglite" && config.database.dataDir !== "memory") {
  try {
    mkdirSync(dirname(config.database.dataDir), { recursive: true });
    releasePglite = claimPgliteDir(config.database.dataDir);
  } catch (error) {
    logger.fatal(error instanceof Error ? error.message : String(error));
    process.exit(1);
  }
}
process.on("exit", () => releasePglite());

const database = await createDb(
  config.database.driver === "postgres"
    ? { driver: "postgres", url: config.database.url, maxConnections: config.database.poolSize }
    : { driver: "pglite", dataDir: config.database.dataDir },
).catch((error: unknown) => {
  logger.fatal({ err: error }, "could not open the database");
  process.exit(1);
});

const lifecycle = { draining: false };
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

try {
  await migrate(database);
  logger.info({ driver: database.driver }, "database migrated");
  await app.listen({ port: config.port, host: config.host });
  logger.info({ url: config.appUrl }, "ready");
} catch (error) {
  logger.fatal({ err: error }, "could not start");
  await database.close().catch(() => {});
  process.exit(1);
}
