import { type DatabaseHandle, rowsOf, type Transaction } from "@kit/db";
import { type SQL, sql } from "drizzle-orm";
import type PgBoss from "pg-boss";

/** pg-boss hands parameters as node-postgres would take them: objects become JSON, undefined becomes NULL. */
function toParameter(value: unknown): unknown {
  if (value === undefined) return null;
  if (value && typeof value === "object" && !Array.isArray(value) && !(value instanceof Date)) return JSON.stringify(value);
  return value;
}

/** Runs pg-boss's SQL on embedded PGlite; statements without parameters may be several at once (its migrations). */
export function pgliteExecutor(handle: DatabaseHandle): PgBoss.Db {
  if (handle.raw.driver !== "pglite") throw new Error("pgliteExecutor needs a PGlite database");
  const client = handle.raw.client;
  return {
    async executeSql(text, values = []) {
      if (values.length > 0) return client.query(text, values.map(toParameter));
      const results = await client.exec(text);
      return { rows: results.at(-1)?.rows ?? [] };
    },
  };
}

/**
 * A list as one Postgres array literal (`{"a","b"}`): Drizzle would spread a JavaScript array into a list of
 * parameters, where pg-boss's SQL casts one parameter to an array (`$2::uuid[]`).
 */
const arrayLiteral = (values: unknown[]) =>
  `{${values.map((value) => (value === null || value === undefined ? "NULL" : `"${String(value).replace(/["\\]/g, "\\$&")}"`)).join(",")}}`;

/** Runs pg-boss's SQL inside a Drizzle transaction, so a job is enqueued if and only if the transaction commits. */
export function transactionExecutor(tx: Pick<Transaction, "execute">): PgBoss.Db {
  return {
    async executeSql(text, values = []) {
      const chunks: SQL[] = [];
      let last = 0;
      for (const match of text.matchAll(/\$(\d+)/g)) {
        chunks.push(sql.raw(text.slice(last, match.index)));
        const value = values[Number(match[1]) - 1];
        chunks.push(sql`${Array.isArray(value) ? arrayLiteral(value) : toParameter(value)}`);
        last = match.index + match[0].length;
      }
      chunks.push(sql.raw(text.slice(last)));
      return { rows: rowsOf(await tx.execute(sql.join(chunks, sql.raw("")))) };
    },
  };
}
