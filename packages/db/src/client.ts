import { mkdirSync } from "node:fs";
import type { PGlite, PGliteOptions } from "@electric-sql/pglite";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import * as schema from "./schema";

export type Schema = typeof schema;

/** The one database type every consumer sees, whichever driver is underneath. */
export type Database = PgDatabase<PgQueryResultHKT, Schema>;

/** A transaction handle: the same query API as {@link Database}. */
export type Transaction = Parameters<Parameters<Database["transaction"]>[0]>[0];

export type DatabaseConfig =
  | { driver: "postgres"; url: string; maxConnections?: number }
  /** `dataDir: "memory"` keeps everything in memory (tests, throwaway runs). */
  | { driver: "pglite"; dataDir: string; loadDataDir?: Blob };

export interface DatabaseHandle {
  db: Database;
  driver: DatabaseConfig["driver"];
  close(): Promise<void>;
  /** The underlying client, for the migrator and test helpers only. */
  raw: { driver: "postgres"; client: postgres.Sql; url: string } | { driver: "pglite"; client: PGlite };
}

const drizzleOptions = { schema, casing: "snake_case" } as const;

export async function createDb(config: DatabaseConfig): Promise<DatabaseHandle> {
  if (config.driver === "postgres") {
    const client = postgres(config.url, {
      max: config.maxConnections ?? 10,
      onnotice: () => {},
      // A request waiting on a database that is down fails fast (503, the sender retries) instead of hanging.
      connect_timeout: 5,
      connection: { application_name: "peek-app-kit" },
    });
    const db = drizzlePostgres(client, drizzleOptions) as unknown as Database;
    return {
      db,
      driver: "postgres",
      raw: { driver: "postgres", client, url: config.url },
      close: () => client.end({ timeout: 5 }),
    };
  }

  // Loaded only for PGlite: a server on Postgres never reads PGlite's half a megabyte of JavaScript at boot.
  const [{ PGlite }, { drizzle: drizzlePglite }] = await Promise.all([import("@electric-sql/pglite"), import("drizzle-orm/pglite")]);
  const options: PGliteOptions = {};
  if (config.dataDir !== "memory") {
    mkdirSync(config.dataDir, { recursive: true });
    options.dataDir = config.dataDir;
  }
  if (config.loadDataDir) options.loadDataDir = config.loadDataDir;
  const client = await PGlite.create(options);
  const db = drizzlePglite(client, drizzleOptions) as unknown as Database;
  return {
    db,
    driver: "pglite",
    raw: { driver: "pglite", client },
    close: async () => {
      if (!client.closed) await client.close();
    },
  };
}
