import { rowsOf } from "@kit/db";
import { createTestDb, type TestDatabase } from "@kit/db/testing";
import { sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/pglite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { preparedStatement, valuesOf } from "../services/prepared";

let t: TestDatabase;
/** A second database handle (on the same embedded database). */
let other: TestDatabase["db"];
beforeAll(async () => {
  t = await createTestDb();
  if (t.raw.driver !== "pglite") throw new Error("the general suite runs on PGlite");
  other = drizzle(t.raw.client) as unknown as TestDatabase["db"];
});
afterAll(async () => {
  await t?.close();
});

describe("preparedStatement (services/prepared.ts)", () => {
  let builds = 0;
  const build = (value: (name: "a" | "b" | "label") => unknown) => {
    builds += 1;
    return sql`select ${value("a")}::int + ${value("b")}::int as sum, ${value("a")}::int as a, ${value("label")}::text as label`;
  };
  const statement = preparedStatement(build);
  const run = async (db: TestDatabase["db"], values: { a: number; b: number; label: string | null }) =>
    rowsOf<{ sum: number; a: number; label: string | null }>(await statement(db, values))[0];

  it("builds the statement once per database handle, and each call binds its own values by name", async () => {
    expect(await run(t.db, { a: 1, b: 2, label: "first" })).toEqual({ sum: 3, a: 1, label: "first" });
    expect(await run(t.db, { a: 40, b: 2, label: null })).toEqual({ sum: 42, a: 40, label: null });
    expect(builds).toBe(1);
    expect(await run(other, { a: 5, b: 5, label: "other" })).toEqual({ sum: 10, a: 5, label: "other" });
    expect(builds).toBe(2);
  });

  it("is the statement a call's own values give (valuesOf), with the values as parameters", async () => {
    const inline = build(valuesOf({ a: 7, b: 8, label: "x'); drop table partners; --" }));
    expect(rowsOf(await t.db.execute(inline))[0]).toEqual({ sum: 15, a: 7, label: "x'); drop table partners; --" });
    expect(await run(t.db, { a: 7, b: 8, label: "x'); drop table partners; --" })).toEqual({
      sum: 15,
      a: 7,
      label: "x'); drop table partners; --",
    });
  });

  it("refuses a call that leaves a value out, instead of binding null", async () => {
    await expect(statement(t.db, { a: 1, b: 2 } as never)).rejects.toThrow(/label/);
  });
});
