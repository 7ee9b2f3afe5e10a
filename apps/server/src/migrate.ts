import { createDb, migrate } from "@kit/db";
import { loadEnv } from "./env";

/**
 * The release step (`node apps/server/dist/migrate.mjs`, fly.toml's `release_command`): applies pending migrations
 * and exits. The server also migrates at boot under an advisory lock, so running both is safe.
 */
const env = loadEnv();
if (!env.ok) {
  console.error(env.error);
  process.exit(1);
}
const { database } = env.config;
const handle = await createDb(
  database.driver === "postgres"
    ? { driver: "postgres", url: database.url, maxConnections: 1 }
    : { driver: "pglite", dataDir: database.dataDir },
);
try {
  await migrate(handle);
  console.log(`migrations applied (${handle.driver})`);
} catch (error) {
  console.error("migration failed:", error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await handle.close();
}
