import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { describe } from "vitest";
import { createDb, type DatabaseHandle } from "./client";
import { testPostgresUrl } from "./env";
import { migrate, rowsOf } from "./migrate";

/**
 * Test databases.
 *
 * - `createTestDb()` gives the general suite a migrated, empty PGlite. A fresh PGlite costs seconds, so each vitest
 *   worker keeps one migrated instance (projects run with `isolate: false`) and empties it for every test file.
 * - `createPostgresTestDb()` gives `*.pg.test.ts` files a throwaway database on the server named by `DATABASE_URL`,
 *   created here and dropped by `close()`.
 */

export interface TestDatabase extends DatabaseHandle {
  /** Empties every application table and queued job (the schema and migration history stay). */
  reset(): Promise<void>;
}

const sharedKey = Symbol.for("@kit/db/testing/shared-pglite");
type SharedHolder = { [sharedKey]?: Promise<DatabaseHandle> };

/** Application tables, plus the job queue's jobs (its queue definitions stay): nothing leaks from one file to the next. */
async function truncateAll(handle: DatabaseHandle): Promise<void> {
  const tables = rowsOf<{ name: string }>(
    await handle.db.execute(sql`
      select quote_ident(schemaname) || '.' || quote_ident(tablename) as name from pg_tables
      where schemaname = 'public' or (schemaname = 'pgboss' and tablename in ('job', 'archive'))`),
  );
  if (tables.length === 0) return;
  await handle.db.execute(sql.raw(`truncate table ${tables.map((t) => t.name).join(", ")} restart identity cascade`));
}

export async function createTestDb(): Promise<TestDatabase> {
  const holder = globalThis as SharedHolder;
  holder[sharedKey] ??= (async () => {
    const handle = await createDb({ driver: "pglite", dataDir: "memory" });
    await migrate(handle);
    return handle;
  })();
  const shared = await holder[sharedKey];
  await truncateAll(shared);
  return {
    ...shared,
    reset: () => truncateAll(shared),
    // The instance outlives the file; the worker's exit releases it.
    close: async () => {},
  };
}

/** A fresh PGlite of its own, for tests that close or break their database on purpose. */
export async function createIsolatedTestDb(options: { migrated?: boolean } = {}): Promise<TestDatabase> {
  const handle = await createDb({ driver: "pglite", dataDir: "memory" });
  if (options.migrated !== false) await migrate(handle);
  return { ...handle, reset: () => truncateAll(handle) };
}

export const hasTestPostgres = testPostgresUrl !== undefined;

/**
 * A migrated, throwaway database on the Postgres server; `close()` drops it. With `DATABASE_POOLER=transaction` (the
 * pooler suite), `DATABASE_URL` is a transaction pooler in front of `DATABASE_DIRECT_URL`: the database is created and
 * migrated directly, and the tests' handle goes through the pooler, as the app's would.
 */
export async function createPostgresTestDb(
  options: { migrated?: boolean } = {},
): Promise<TestDatabase & { url: string; reopen: (maxConnections?: number) => Promise<DatabaseHandle> }> {
  if (!testPostgresUrl) throw new Error("createPostgresTestDb needs DATABASE_URL (use describeWithPostgres)");
  const pooler = process.env.DATABASE_POOLER === "transaction" ? "transaction" : null;
  const direct = pooler ? process.env.DATABASE_DIRECT_URL : testPostgresUrl;
  if (!direct) throw new Error("DATABASE_POOLER=transaction needs DATABASE_DIRECT_URL");
  const name = `kit_test_${process.pid}_${randomBytes(4).toString("hex")}`;
  const admin = postgres(direct, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${name}"`);
  const on = (base: string) => {
    const url = new URL(base);
    url.pathname = `/${name}`;
    return url.toString();
  };
  const url = on(testPostgresUrl);
  /** Another handle on the same database, the way the app would open it (another instance, a second pool). */
  const reopen = (maxConnections = 10) => createDb({ driver: "postgres", url, maxConnections, pooler, directUrl: on(direct) });
  const handle = await reopen();
  if (options.migrated !== false) await migrate(handle);
  return {
    ...handle,
    url,
    reopen,
    reset: () => truncateAll(handle),
    close: async () => {
      await handle.close();
      await admin.unsafe(`drop database if exists "${name}" with (force)`);
      await admin.end();
    },
  };
}

/** `describe` for Postgres-only behaviour: skipped, with a line saying so, when `DATABASE_URL` is not set. */
export function describeWithPostgres(name: string, body: () => void): void {
  if (!hasTestPostgres) {
    console.warn(`[skipped] "${name}" needs Postgres: set DATABASE_URL to run it`);
    describe.skip(name, body);
    return;
  }
  describe(name, body);
}
