import { sql } from "drizzle-orm";
import { integer, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { beforeAll, expect, it } from "vitest";
import { rowsOf } from "../migrate";
import type { TestDatabase } from "../testing";

/** A table of its own: a timestamptz and a text array, read through Drizzle's mapping as every table's values are. */
export const readings = pgTable("kit_test_readings", {
  id: integer().primaryKey(),
  at: timestamp({ withTimezone: true }),
  tags: text().array(),
});

/** `Date.UTC` with any year (it takes 0–99 for 1900–1999). */
function utc(year: number, month: number, day: number, h = 0, mi = 0, s = 0, ms = 0): number {
  const date = new Date(Date.UTC(2000, 0, 1, h, mi, s, ms));
  date.setUTCFullYear(year, month - 1, day);
  return date.getTime();
}

/** What Postgres stores (as SQL text) and the instant Drizzle must read back. */
const CASES: Array<[string, number]> = [
  ["2026-12-07 07:11:16.999999+00", utc(2026, 12, 7, 7, 11, 16, 999)],
  ["0001-01-01 00:00:00+00", utc(1, 1, 1)],
  ["0026-05-01 10:00:00+02", utc(26, 5, 1, 8)],
  ["0099-12-31 23:59:59.9995+00", utc(99, 12, 31, 23, 59, 59, 999)],
  ["0100-01-01 00:00:00+00", utc(100, 1, 1)],
  ["0044-03-15 12:00:00+00 BC", utc(-43, 3, 15, 12)],
  ["9999-12-31 23:59:59.999999+00", utc(9999, 12, 31, 23, 59, 59, 999)],
  ["10000-01-01 00:00:00+00", utc(10000, 1, 1)],
];

/**
 * Reading values back as they were stored, on PGlite and on Postgres. Drizzle read a timestamp with `new Date(text)`,
 * which takes a year below 100 for 19xx or 20xx and refuses a year BC or an offset with seconds (tested on Postgres
 * only: PGlite has no time zone data); the kit's patch of drizzle-orm reads those exactly. postgres.js read an array's
 * null element as the string "NULL"; its patch reads it as null (tooling/patches).
 */
export function readingCases(db: () => TestDatabase) {
  beforeAll(async () => {
    await db().db.execute(sql`create table kit_test_readings (id integer primary key, at timestamptz, tags text[])`);
    for (const [i, [text]] of CASES.entries())
      await db().db.execute(sql`insert into kit_test_readings values (${i}, ${text}::timestamptz)`);
  });

  it("reads every year as stored: 1 to 99, BC, and past 9999, with milliseconds cut", async () => {
    const rows = await db().db.select().from(readings).orderBy(readings.id);
    expect(rows.map((row) => row.at?.getTime())).toEqual(CASES.map(([, at]) => at));
  });

  it("reads a null element of an array as null, and the string NULL as a string", async () => {
    await db().db.execute(sql`update kit_test_readings set tags = array['a', null, 'NULL', '', 'n,"q"'] where id = 0`);
    const [row] = await db().db.select({ tags: readings.tags }).from(readings).where(sql`id = 0`);
    expect(row?.tags).toEqual(["a", null, "NULL", "", 'n,"q"']);
    const [raw] = rowsOf<{ t: unknown; i: unknown }>(
      await db().db.execute(sql`select array['a', null, 'NULL']::text[] as t, array[1, null]::int[] as i`),
    );
    expect(raw).toEqual({ t: ["a", null, "NULL"], i: [1, null] });
  });
}
