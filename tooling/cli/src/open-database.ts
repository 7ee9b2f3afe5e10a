import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import type { AppConfig } from "@kit/config";
import { claimPgliteDir, createDb, type DatabaseHandle, postgresConfig } from "@kit/db";

/**
 * The app's database for a one-off command: Postgres when `DATABASE_URL` is set, otherwise the app's PGlite data
 * directory — refused while a server holds it open (two processes on one PGlite directory corrupt it).
 */
export async function openDatabase(config: AppConfig): Promise<DatabaseHandle> {
  if (config.database.driver === "postgres") return createDb(postgresConfig(config.database, 2));
  const { dataDir } = config.database;
  const release = claimPglite(dataDir);
  try {
    const handle = await createDb({ driver: "pglite", dataDir });
    return {
      ...handle,
      close: async () => {
        await handle.close();
        release();
      },
    };
  } catch (error) {
    release();
    throw error;
  }
}

/**
 * Claims the app's PGlite data directory for this process, for a command that opens it here or in a child it waits for
 * (`kit db studio`); returns the release function. Throws while a server (or another `kit db`) holds it.
 */
export function claimPglite(dataDir: string): () => void {
  if (dataDir === "memory") throw new Error("PGLITE_DIR=memory: there is no database to work on (set PGLITE_DIR or DATABASE_URL)");
  mkdirSync(dirname(dataDir), { recursive: true });
  return claimPgliteDir(dataDir);
}
