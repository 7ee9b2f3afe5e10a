import { sql } from "drizzle-orm";
import { readMigrationFiles } from "drizzle-orm/migrator";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import type { DatabaseHandle } from "./client";
import { migrationsFolder as defaultFolder } from "./migrations-folder";

const migrationsTable = { migrationsSchema: "drizzle", migrationsTable: "__drizzle_migrations" } as const;

/** Arbitrary constant shared by every instance of the app: only one of them migrates at a time. */
const MIGRATION_LOCK_KEY = 7_265_431_001;

/**
 * Applies every pending committed migration with Drizzle's migrator, the same migration files on both drivers.
 * On Postgres several instances may boot at once, so the run holds an advisory lock (released when its connection ends);
 * a database already up to date is seen without it.
 */
export async function migrate(handle: DatabaseHandle, migrationsFolder = defaultFolder): Promise<void> {
  const config = { migrationsFolder, ...migrationsTable };
  // Nothing pending (every boot but the first after a deploy): one query on the app's own pool, whose connection then
  // serves the first requests, instead of the migrator's statements, a connection of its own and a lock.
  if ((await migrationState(handle, migrationsFolder)).ok) return;
  if (handle.raw.driver === "pglite") {
    const [{ drizzle: drizzlePglite }, { migrate: migratePglite }] = await Promise.all([
      import("drizzle-orm/pglite"),
      import("drizzle-orm/pglite/migrator"),
    ]);
    await migratePglite(drizzlePglite(handle.raw.client), config);
    return;
  }
  // A client of one connection: the session-level lock and every migration statement share it.
  // Never through a transaction pooler: the lock is session-level, so this connection goes to Postgres directly.
  const connection = postgres(handle.raw.directUrl, { max: 1, onnotice: () => {} });
  try {
    await connection`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`;
    await migratePostgres(drizzlePostgres(connection), config);
  } finally {
    await connection.end({ timeout: 5 });
  }
}

/**
 * The migrations folder against the database: `applied` and `expected` count the folder's migrations (the ones the
 * database has, and all of them); `unknown` counts migrations the database records that the folder does not have (a
 * newer version of the app migrated it, or a migration was edited after it ran).
 */
export type MigrationState = { ok: boolean; applied: number; expected: number; unknown: number };

/** Compares what the database recorded with the committed journal; readiness reports it. */
export async function migrationState(handle: DatabaseHandle, migrationsFolder = defaultFolder): Promise<MigrationState> {
  const expected = readMigrationFiles({ migrationsFolder });
  const rows = await handle.db
    .execute(sql`select hash from drizzle.__drizzle_migrations`)
    .then((result) => rowsOf<{ hash: string }>(result))
    .catch(() => [] as { hash: string }[]);
  const appliedHashes = new Set(rows.map((row) => row.hash));
  const expectedHashes = new Set(expected.map((migration) => migration.hash));
  const applied = expected.filter((migration) => appliedHashes.has(migration.hash)).length;
  const unknown = [...appliedHashes].filter((hash) => !expectedHashes.has(hash)).length;
  return { ok: applied === expected.length, applied, expected: expected.length, unknown };
}

/** postgres.js returns an array of rows, PGlite an object with `rows`: read both. */
export function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}
