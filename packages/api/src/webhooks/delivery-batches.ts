import { type Database, isDatabaseUnavailable } from "@kit/db";
import { statementBatcher } from "../services/statement-batcher";
import { storableJson } from "../services/storable-values";

/**
 * How webhook deliveries are batched (ADR 0013): by default 2 batches of an instance running at once
 * (`WEBHOOK_BATCHES_IN_FLIGHT`; 2 was measured against 1, 4 and 8 in docs/performance.md), 32 deliveries a batch, and
 * 1 000 waiting before more are answered 503.
 */
export const DEFAULT_BATCHES_IN_FLIGHT = 2;
const MAX_BATCH = 32;
const MAX_WAITING = 1_000;

/** A delivery as a batch statement reads it: `n` is its place in the batch, given when the batch is written. */
export interface BatchedDelivery {
  /** What it must not run beside: its event (the inbox's dedupe key) and what it writes (a booking, a waiver). */
  keys: readonly string[];
}

/**
 * One batcher per database handle for a webhook's batch statement: `run` gets the deliveries, sends them as one JSON
 * array, and answers one row a delivery (by its `n`). A delivery the statement answered no row for is an error. The
 * batches in flight are the first caller's for that handle (the instance's setting).
 */
export function deliveryBatcher<D extends BatchedDelivery, R extends { n: number }>(
  run: (db: Pick<Database, "execute" | "_">, deliveries: string) => Promise<R[]>,
) {
  const batchers = new WeakMap<Pick<Database, "execute" | "_">, (delivery: D) => Promise<R>>();
  return (db: Pick<Database, "execute" | "_">, inFlight = DEFAULT_BATCHES_IN_FLIGHT) => {
    let batcher = batchers.get(db);
    if (!batcher) {
      batcher = batcherFor(db, inFlight, run);
      batchers.set(db, batcher);
    }
    return batcher;
  };
}

/** The batcher of one database handle (see {@link deliveryBatcher}). */
function batcherFor<D extends BatchedDelivery, R extends { n: number }>(
  db: Pick<Database, "execute" | "_">,
  inFlight: number,
  run: (db: Pick<Database, "execute" | "_">, deliveries: string) => Promise<R[]>,
) {
  return statementBatcher<D, R>({
    inFlight,
    maxBatch: MAX_BATCH,
    maxWaiting: MAX_WAITING,
    keys: (delivery) => delivery.keys,
    retryAlone: (error) => !isDatabaseUnavailable(error),
    run: async (deliveries) => {
      const rows = await run(db, storableJson(deliveries.map(({ keys: _keys, ...delivery }, n) => ({ ...delivery, n }))));
      const byN = new Map(rows.map((row) => [row.n, row]));
      return deliveries.map((_, n) => {
        const row = byN.get(n);
        if (!row) throw new Error(`The batch statement answered no row for delivery ${n} of ${deliveries.length}`);
        return row;
      });
    },
  });
}
