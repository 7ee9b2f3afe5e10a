import { sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { rowsOf } from "../migrate";
import { createPostgresTestDb, describeWithPostgres, type TestDatabase } from "../testing";
import { readingCases, readings } from "./reading-cases";

describeWithPostgres("reading values on Postgres", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createPostgresTestDb({ migrated: false });
  });
  afterAll(() => t?.close());
  readingCases(() => t);

  it("reads a time written with an offset in seconds (a zone's local mean time)", async () => {
    const rows = await t.db.transaction(async (tx) => {
      await tx.execute(sql`set local timezone = 'Europe/Amsterdam'`);
      const [text] = rowsOf<{ text: string }>(await tx.execute(sql`select '1900-01-01 00:00:00+00'::timestamptz::text as text`));
      const read = await tx.select({ at: sql`'1900-01-01 00:00:00+00'::timestamptz`.mapWith(readings.at) }).from(sql`(select 1) as one`);
      return { text, read };
    });
    expect(rows.text?.text).toBe("1900-01-01 00:19:32+00:19:32");
    expect(rows.read[0]?.at).toEqual(new Date("1900-01-01T00:00:00Z"));
  });
});
