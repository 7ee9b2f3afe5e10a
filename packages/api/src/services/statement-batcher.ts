import { DatabaseBusyError } from "@kit/db";

/** How a {@link statementBatcher} runs its items. */
export interface BatcherOptions<I, O> {
  /** Runs a batch as one statement (one transaction): one result for each item, in the items' order. */
  run: (items: I[]) => Promise<O[]>;
  /**
   * Items that share a key never run at once, in one batch or in two: a later one waits until the earlier one's batch
   * has returned, so they run in the order they came.
   */
  keys: (item: I) => readonly string[];
  /** Batches running at once. Under it, an item runs as soon as it arrives, alone; at it, items wait and are batched. */
  inFlight: number;
  /** The most items in one batch. */
  maxBatch: number;
  /** The most items waiting: one more is refused at once with `DatabaseBusyError` (answered 503 with Retry-After). */
  maxWaiting: number;
  /**
   * Whether a failed batch's items run again one by one, so that each gets its own answer (an error one item could
   * cause), or all get the batch's error at once (the database is down: running each again would only wait again).
   */
  retryAlone: (error: unknown) => boolean;
}

interface Entry<I, O> {
  item: I;
  keys: readonly string[];
  /** Set after its batch failed: it runs alone, so that one item's error is its own. */
  alone: boolean;
  resolve: (result: O) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit for one statement: items that arrive while `inFlight` batches are running wait, and the next batch to
 * start takes all that are waiting (up to `maxBatch`). An item is settled only once its batch's statement has returned,
 * so a caller that answers after it answers after the commit. When the database keeps up, nothing waits and each item
 * runs alone as it comes; under load, one statement, one commit and one round trip serve many items, which is where a
 * small write's cost is.
 */
export function statementBatcher<I, O>(options: BatcherOptions<I, O>): (item: I) => Promise<O> {
  let waiting: Entry<I, O>[] = [];
  /** The keys of the items in running batches. */
  const running = new Set<string>();
  let batchesRunning = 0;

  /** The next batch: waiting items in order, skipping any whose key is running or held by an earlier waiting item. */
  const take = (): Entry<I, O>[] => {
    const batch: Entry<I, O>[] = [];
    const rest: Entry<I, O>[] = [];
    const held = new Set<string>();
    let i = 0;
    for (; i < waiting.length && batch.length < options.maxBatch && !batch[0]?.alone; i++) {
      const entry = waiting[i] as Entry<I, O>;
      const free = entry.keys.every((key) => !running.has(key) && !held.has(key));
      if (free && (batch.length === 0 || !entry.alone)) batch.push(entry);
      else rest.push(entry);
      for (const key of entry.keys) held.add(key);
    }
    waiting = i === waiting.length ? rest : rest.concat(waiting.slice(i));
    return batch;
  };

  const start = async (batch: Entry<I, O>[]) => {
    batchesRunning++;
    for (const entry of batch) for (const key of entry.keys) running.add(key);
    try {
      const results = await options.run(batch.map((entry) => entry.item));
      if (results.length !== batch.length) throw new Error(`A batch of ${batch.length} returned ${results.length} results`);
      for (const [i, entry] of batch.entries()) entry.resolve(results[i] as O);
    } catch (error) {
      if (batch.length > 1 && options.retryAlone(error)) waiting = [...batch.map((entry) => ({ ...entry, alone: true })), ...waiting];
      else for (const entry of batch) entry.reject(error);
    } finally {
      for (const entry of batch) for (const key of entry.keys) running.delete(key);
      batchesRunning--;
      pump();
    }
  };

  const pump = () => {
    while (batchesRunning < options.inFlight && waiting.length > 0) {
      const batch = take();
      if (batch.length === 0) return; // every waiting item waits for a key that is running
      void start(batch);
    }
  };

  return (item) => {
    if (waiting.length >= options.maxWaiting) return Promise.reject(new DatabaseBusyError());
    return new Promise<O>((resolve, reject) => {
      waiting.push({ item, keys: options.keys(item), alone: false, resolve, reject });
      pump();
    });
  };
}
