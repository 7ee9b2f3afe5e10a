/** How a {@link statementBatcher} runs its items. */
export interface BatcherOptions<I, O> {
  /** Runs a batch as one statement (one transaction): one result for each item, in the items' order. */
  run: (items: I[]) => Promise<O[]>;
  /** Items that share a key never go in the same batch (a later one waits for the next); they run in arrival order. */
  keys: (item: I) => readonly string[];
  /** Batches running at once. Under it, an item runs as soon as it arrives, alone; at it, items wait and are batched. */
  inFlight: number;
  /** The most items in one batch. */
  maxBatch: number;
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
 * small write's cost is. A batch that fails is run again item by item, so each item gets its own answer.
 */
export function statementBatcher<I, O>(options: BatcherOptions<I, O>): (item: I) => Promise<O> {
  const waiting: Entry<I, O>[] = [];
  let running = 0;

  const take = (): Entry<I, O>[] => {
    const first = waiting[0];
    if (first?.alone) return waiting.splice(0, 1);
    const batch: Entry<I, O>[] = [];
    const taken = new Set<string>();
    const rest: Entry<I, O>[] = [];
    for (const entry of waiting) {
      if (batch.length < options.maxBatch && !entry.alone && entry.keys.every((key) => !taken.has(key))) {
        batch.push(entry);
        for (const key of entry.keys) taken.add(key);
      } else {
        rest.push(entry);
        // A later item with the same key must not overtake this one.
        for (const key of entry.keys) taken.add(key);
      }
    }
    waiting.splice(0, waiting.length, ...rest);
    return batch;
  };

  const start = async (batch: Entry<I, O>[]) => {
    running++;
    try {
      const results = await options.run(batch.map((entry) => entry.item));
      for (const [i, entry] of batch.entries()) entry.resolve(results[i] as O);
    } catch (error) {
      if (batch.length === 1) batch[0]?.reject(error);
      else waiting.unshift(...batch.map((entry) => ({ ...entry, alone: true })));
    } finally {
      running--;
      pump();
    }
  };

  const pump = () => {
    while (running < options.inFlight && waiting.length > 0) void start(take());
  };

  return (item) =>
    new Promise<O>((resolve, reject) => {
      waiting.push({ item, keys: options.keys(item), alone: false, resolve, reject });
      pump();
    });
}
