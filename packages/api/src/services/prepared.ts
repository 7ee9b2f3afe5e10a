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
