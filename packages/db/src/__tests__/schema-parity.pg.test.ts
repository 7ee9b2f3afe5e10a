import { sql } from "drizzle-orm";
import { readMigrationFiles } from "drizzle-orm/migrator";
import { afterAll, beforeAll, expect, it } from "vitest";
import { migrate, migrationState, rowsOf } from "../migrate";
import { migrationsFolder } from "../migrations-folder";
import { createIsolatedTestDb, createPostgresTestDb, describeWithPostgres, type TestDatabase } from "../testing";

/** Everything that makes up the schema, in a form that compares across servers. */
async function describeSchema(t: TestDatabase) {
  const query = async (text: string) => rowsOf<Record<string, unknown>>(await t.db.execute(sql.raw(text)));
  return {
    columns: await query(`
      select table_name, column_name, data_type, udt_name, is_nullable, column_default, numeric_precision, datetime_precision
      from information_schema.columns where table_schema = 'public' order by table_name, column_name`),
    constraints: await query(`
      select conrelid::regclass::text as table_name, conname, contype, pg_get_constraintdef(oid) as definition
      from pg_constraint
      -- PGlite (Postgres 18) also lists NOT NULL as constraints of type 'n'; nullability is compared through the columns.
      where connamespace = 'public'::regnamespace and contype <> 'n' order by 1, 2`),
    indexes: await query(`select tablename, indexname, indexdef from pg_indexes where schemaname = 'public' order by 1, 2`),
  };
}

describeWithPostgres("migrations on Postgres and PGlite", () => {
  let pg: TestDatabase;
  let lite: TestDatabase;
  beforeAll(async () => {
    pg = await createPostgresTestDb();
    lite = await createIsolatedTestDb();
  });
  afterAll(async () => {
    await pg?.close();
    await lite?.close();
  });

  it("give the same schema", async () => {
    const [onPg, onLite] = await Promise.all([describeSchema(pg), describeSchema(lite)]);
    expect(onPg.columns.length).toBeGreaterThan(30);
    expect(onLite).toEqual(onPg);
  });

  it("apply once when several instances migrate at the same time", async () => {
    const fresh = await createPostgresTestDb({ migrated: false });
    try {
      await Promise.all([migrate(fresh), migrate(fresh), migrate(fresh)]);
      const committed = readMigrationFiles({ migrationsFolder }).length;
      expect(await migrationState(fresh)).toEqual({ ok: true, applied: committed, expected: committed, unknown: 0 });
    } finally {
      await fresh.close();
    }
  });
});
