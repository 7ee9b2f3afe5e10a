import type { Database } from "@kit/db";
import { type SQL, sql } from "drizzle-orm";

/**
 * A prepared statement built once per database handle (the app's, or a test's): no query building on the hot path.
 * A transaction object is a new key each time, so inside one the statement is simply built again.
 */
export function preparedPer<D extends object, P>(build: (db: D) => P): (db: D) => P {
  const cache = new WeakMap<D, P>();
  return (db) => {
    let prepared = cache.get(db);
    if (!prepared) {
      prepared = build(db);
      cache.set(db, prepared);
    }
    return prepared;
  };
}

/**
 * Runs a statement written with `sql` as a prepared statement. Drizzle sends `db.execute` statements unnamed, so Postgres
 * parses and plans them on every call; prepared, postgres.js names each by its text, once per connection, and the
 * next calls only bind and run it. For statements whose text is the same on every call (the values are parameters),
 * such as each webhook's single statement. Behind a transaction pooler (`DATABASE_POOLER=transaction`) the client's
 * own `prepare: false` wins and nothing is named; on PGlite it runs as `db.execute` would. Rows come back as from
 * `db.execute` (read them with `rowsOf`).
 */
export function executePrepared(db: Pick<Database, "execute" | "_">, query: SQL): Promise<unknown> {
  return prepare(db, query).execute();
}

/** `query` rendered to its text and parameters (nothing runs) and made a prepared statement named by its text. */
function prepare(db: Pick<Database, "execute" | "_">, query: SQL) {
  return db._.session.prepareQuery(db.execute(query).getQuery(), undefined, "kit_text_named", false);
}

/**
 * A statement's values, by name: a call's own values (`valuesOf`), or placeholders that a statement prepared once binds
 * on each call (`preparedStatement`). One builder written against it serves both.
 */
export type StatementValues<Name extends string> = (name: Name) => unknown;

/** The values of one call, for a statement builder (see {@link StatementValues}). */
export const valuesOf =
  <Name extends string>(values: Record<Name, unknown>): StatementValues<Name> =>
  (name) =>
    values[name];

/**
 * A statement whose text is the same on every call, built once per database handle with a named placeholder for each
 * value (`build` gets the handle too, for Drizzle's query builders) and run as a prepared statement that each call binds
 * by name. Drizzle renders a statement (its text and parameters) by walking every fragment of it: for a webhook's
 * statement of several CTEs, that walk cost more of the server's CPU than anything else on the delivery's path. Behind a
 * transaction pooler nothing is named, as with {@link executePrepared}; rows come back as from `db.execute` (read them
 * with `rowsOf`).
 */
export function preparedStatement<Name extends string, D extends Pick<Database, "execute" | "_"> = Pick<Database, "execute" | "_">>(
  build: (value: StatementValues<Name>, db: D) => SQL,
): (db: D, values: Record<Name, unknown>) => Promise<unknown> {
  const placeholder = (name: Name) => sql.placeholder(name);
  const prepared = preparedPer((db: D) => prepare(db, build(placeholder, db)));
  return (db, values) => prepared(db).execute(values);
}
