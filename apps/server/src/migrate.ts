import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { loadEnv } from "@kit/config";
import {
  claimPgliteDir,
  createDb,
  type DatabaseHandle,
  describeDatabaseStartFailure,
  migrate,
  pgliteConfig,
  postgresConfig,
} from "@kit/db";

/**
 * The release step (`node apps/server/dist/migrate.mjs`, fly.toml's `release_command`): applies pending migrations
 * and exits. The server also migrates at boot under an advisory lock, so running both is safe on Postgres. An embedded
 * PGlite directory is claimed first, as the server claims it: one process at a time may open it.
 */
const env = loadEnv({ cwd: process.cwd(), env: process.env });
if (!env.ok) {
  process.stderr.write(`${env.error}\n`);
  process.exit(1);
}
const { database } = env.config;
const fail = (line: string) => {
  process.stderr.write(`${line}\n`);
  process.exitCode = 1;
};
let release = () => {};
let handle: DatabaseHandle | null = null;
try {
  if (database.driver === "pglite" && database.dataDir !== "memory") {
    mkdirSync(dirname(database.dataDir), { recursive: true });
    release = claimPgliteDir(database.dataDir);
  }
  // A fresh PGlite directory starts from the build's template, as the server's would (docs/performance.md).
  handle = await createDb(
    database.driver === "postgres" ? postgresConfig(database, 1) : pgliteConfig(database.dataDir, dirname(fileURLToPath(import.meta.url))),
  );
  await migrate(handle);
  console.log(`migrations applied (${handle.driver})`);
} catch (error) {
  fail(
    describeDatabaseStartFailure(error, database.driver === "postgres" ? database.url : null) ??
      `migration failed: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`,
  );
} finally {
  await handle?.close();
  release();
}
