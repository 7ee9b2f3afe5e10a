import { mkdirSync, rmSync } from "node:fs";
import type { PGlite, PGliteOptions } from "@electric-sql/pglite";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { extractPgliteTemplate, isFreshPgliteDir, pgliteTemplateFor } from "./pglite-template";
import { withPgliteV8Flags } from "./pglite-v8-flags";
import * as schema from "./schema";

export type Schema = typeof schema;

/** The one database type every consumer sees, whichever driver is underneath. */
export type Database = PgDatabase<PgQueryResultHKT, Schema>;

/** A transaction handle: the same query API as {@link Database}. */
export type Transaction = Parameters<Parameters<Database["transaction"]>[0]>[0];

export type DatabaseConfig =
  | {
      driver: "postgres";
      url: string;
      maxConnections?: number;
      /**
       * The queries one connection carries at once, 4 by default (`DATABASE_PIPELINE`). When every connection is busy,
       * a query is pipelined behind a busy connection's queries up to that depth, else it waits for one to free up:
       * postgres.js's own depth (101) measured slower (docs/performance.md, "Settings measured").
       */
      pipeline?: number;
      /**
       * `transaction`: `url` goes through a transaction-mode pooler (PgBouncer, a hosted service's pooled URL): a
       * connection serves one transaction at a time, so no named prepared statement (it would land on another server
       * connection) and no session-level lock; those use `directUrl`.
       */
      pooler?: "transaction" | null;
      /** A direct connection to Postgres, for migrations and anything holding a session-level advisory lock. */
      directUrl?: string | null;
    }
  /** `dataDir: "memory"` keeps everything in memory (tests, throwaway runs). */
  /** `template`: a gzip tar (`pglite-template.ts`) that fills `dataDir` when it is empty, instead of PGlite's initdb. */
  | { driver: "pglite"; dataDir: string; loadDataDir?: Blob; template?: Buffer };

export interface DatabaseHandle {
  db: Database;
  driver: DatabaseConfig["driver"];
  close(): Promise<void>;
  /** The underlying client, for the migrator and test helpers only. */
  raw: { driver: "postgres"; client: postgres.Sql; url: string; directUrl: string } | { driver: "pglite"; client: PGlite };
}

/** The app's Postgres settings (`@kit/config`'s `database`) as a {@link DatabaseConfig}; a one-off command takes fewer connections. */
export function postgresConfig(
  database: { url: string; poolSize: number; pipeline: number; pooler: "transaction" | null; directUrl: string | null },
  maxConnections = database.poolSize,
): DatabaseConfig {
  const { url, pipeline, pooler, directUrl } = database;
  return { driver: "postgres", url, maxConnections, pipeline, pooler, directUrl };
}

/**
 * PGlite's shared buffers. Postgres zeroes them inside the WASM memory at every start, touching every page of it (on
 * this host's VM a first touch costs about 11 µs per 4 KB page): Postgres's default, 128 MB, was about 350 ms of a
 * 850 ms start and 128 MB of resident memory; 16 MB still 3 000 page faults more than 4 MB. 4 MB holds 512 pages, more
 * than a development or test database of this kit keeps hot (a fresh one is 9 MB, mostly catalogs; the test suite ran
 * no slower); production runs on Postgres (`DATABASE_URL`), where Postgres's own settings apply.
 */
const PGLITE_SHARED_BUFFERS = "4MB";

/**
 * The config for the PGlite directory `dataDir`; a fresh one starts from the template in `templateDir` when the build
 * saved one there (the bundle's own directory; none when run from source).
 */
export function pgliteConfig(dataDir: string, templateDir: string): DatabaseConfig {
  const template = dataDir === "memory" ? null : pgliteTemplateFor(dataDir, templateDir);
  return { driver: "pglite", dataDir, ...(template ? { template } : {}) };
}

const drizzleOptions = { schema, casing: "snake_case" } as const;

export async function createDb(config: DatabaseConfig): Promise<DatabaseHandle> {
  if (config.driver === "postgres") {
    const client = postgres(config.url, {
      max: config.maxConnections ?? 10,
      // postgres.js's max_pipeline counts the queries queued behind the one a connection is running.
      max_pipeline: (config.pipeline ?? 4) - 1,
      // Behind a transaction pooler, no statement is named (postgres.js applies this to every query, Drizzle's prepared
      // ones included): the next transaction may run on a server connection that never saw it.
      ...(config.pooler === "transaction" ? { prepare: false } : {}),
      onnotice: () => {},
      // Arrays of Postgres's built-in types are parsed and written as before, from their fixed type ids (a patch of
      // postgres.js): without it, every new connection asked the catalog for all array types before its first query
      // (a round trip to a new backend; up to 15 ms of a start on Postgres). Arrays of types a migration creates (enums,
      // a table's row type) come back as Postgres's text (`{a,b}`) from raw SQL; Drizzle's array columns parse it.
      fetch_types: "builtin",
      // A request waiting on a database that is down fails fast (503, the sender retries) instead of hanging.
      connect_timeout: 5,
      connection: { application_name: "peek-app-kit" },
    });
    const db = drizzlePostgres(client, drizzleOptions) as unknown as Database;
    return {
      db,
      driver: "postgres",
      raw: { driver: "postgres", client, url: config.url, directUrl: config.directUrl ?? config.url },
      close: () => client.end({ timeout: 5 }),
    };
  }

  // Loaded only for PGlite: a server on Postgres never reads PGlite's half a megabyte of JavaScript at boot.
  const [{ PGlite }, { drizzle: drizzlePglite }] = await Promise.all([import("@electric-sql/pglite"), import("drizzle-orm/pglite")]);
  const options: PGliteOptions = { startParams: [...PGlite.defaultStartParams, "-c", `shared_buffers=${PGLITE_SHARED_BUFFERS}`] };
  if (config.dataDir !== "memory") {
    mkdirSync(config.dataDir, { recursive: true });
    options.dataDir = config.dataDir;
  }
  if (config.loadDataDir) options.loadDataDir = config.loadDataDir;
  // A template fills only an empty directory; if it cannot be read, or PGlite cannot start from it, the directory is
  // emptied again and the start goes the usual way (initdb).
  const templated = config.template !== undefined && config.dataDir !== "memory" && isFreshPgliteDir(config.dataDir);
  const startOver = () => {
    rmSync(config.dataDir, { recursive: true, force: true });
    mkdirSync(config.dataDir, { recursive: true });
  };
  if (templated && config.template) {
    try {
      extractPgliteTemplate(config.template, config.dataDir);
    } catch {
      startOver();
    }
  }
  const client = await withPgliteV8Flags(() =>
    PGlite.create(options).catch((error: unknown) => {
      if (!templated) throw error;
      startOver();
      return PGlite.create(options);
    }),
  );
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
