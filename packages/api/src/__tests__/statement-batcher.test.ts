import { DatabaseBusyError, isDatabaseUnavailable } from "@kit/db";
import { describe, expect, it } from "vitest";
import { statementBatcher } from "../services/statement-batcher";

/** A batcher whose statement is held until the test releases it, recording each batch it was given. */
function heldBatcher(options: {
  inFlight: number;
  maxBatch?: number;
  maxWaiting?: number;
  fails?: (items: string[]) => boolean;
  retryAlone?: boolean;
}) {
  const batches: string[][] = [];
  const releases: (() => void)[] = [];
  const submit = statementBatcher<string, string>({
    inFlight: options.inFlight,
    maxBatch: options.maxBatch ?? 100,
    maxWaiting: options.maxWaiting ?? 100,
    keys: (item) => [item.split("@")[0] ?? item],
    retryAlone: () => options.retryAlone ?? true,
    run: async (items) => {
      batches.push(items);
      await new Promise<void>((resolve) => releases.push(resolve));
      if (options.fails?.(items)) throw new Error(`batch of ${items.join(",")} failed`);
      return items.map((item) => `done ${item}`);
    },
  });
  const releaseOne = async () => {
    releases.shift()?.();
    await new Promise((resolve) => setImmediate(resolve));
  };
  const releaseAll = async () => {
    while (releases.length > 0) {
      for (const release of releases.splice(0)) release();
      await new Promise((resolve) => setImmediate(resolve));
    }
  };
  return { submit, batches, releaseAll, releaseOne };
}

describe("statementBatcher", () => {
  it("runs an item alone at once while fewer than inFlight batches run, and batches what waits behind them", async () => {
    const { submit, batches, releaseAll } = heldBatcher({ inFlight: 2 });
    const results = ["a", "b", "c", "d", "e"].map((item) => submit(item));
    expect(batches).toEqual([["a"], ["b"]]);
    await releaseAll();
    expect(await Promise.all(results)).toEqual(["done a", "done b", "done c", "done d", "done e"]);
    expect(batches).toEqual([["a"], ["b"], ["c", "d", "e"]]);
  });

  it("never puts two items with a key in common in one batch, and runs them in the order they came", async () => {
    const { submit, batches, releaseAll } = heldBatcher({ inFlight: 1 });
    const results = ["x@1", "x@2", "y@1", "x@3", "y@2", "z@1"].map((item) => submit(item));
    await releaseAll();
    await Promise.all(results);
    expect(batches).toEqual([["x@1"], ["x@2", "y@1", "z@1"], ["x@3", "y@2"]]);
  });

  it("holds an item back while a running batch has its key, and starts the others meanwhile", async () => {
    const { submit, batches, releaseOne, releaseAll } = heldBatcher({ inFlight: 2 });
    const results = ["x@1", "x@2", "y@1", "x@3"].map((item) => submit(item));
    // x@1 runs; x@2 may not run beside it (it could commit first), so the free slot goes to y@1.
    expect(batches).toEqual([["x@1"], ["y@1"]]);
    await releaseOne();
    expect(batches).toEqual([["x@1"], ["y@1"], ["x@2"]]);
    await releaseAll();
    await Promise.all(results);
    expect(batches).toEqual([["x@1"], ["y@1"], ["x@2"], ["x@3"]]);
  });

  it("refuses an item at once with DatabaseBusyError (a 503) when maxWaiting items already wait", async () => {
    const { submit, releaseAll } = heldBatcher({ inFlight: 1, maxWaiting: 2 });
    const results = ["a", "b", "c"].map((item) => submit(item));
    const refused = await submit("d").catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(DatabaseBusyError);
    expect(isDatabaseUnavailable(refused)).toBe(true);
    await releaseAll();
    expect(await Promise.all(results)).toEqual(["done a", "done b", "done c"]);
  });

  it("takes at most maxBatch items at a time", async () => {
    const { submit, batches, releaseAll } = heldBatcher({ inFlight: 1, maxBatch: 2 });
    const results = ["a", "b", "c", "d", "e", "f"].map((item) => submit(item));
    await releaseAll();
    await Promise.all(results);
    expect(batches).toEqual([["a"], ["b", "c"], ["d", "e"], ["f"]]);
  });

  it("runs a failed batch again item by item, so that only the item at fault gets the error", async () => {
    const { submit, batches, releaseAll } = heldBatcher({ inFlight: 1, fails: (items) => items.includes("bad") });
    const results = ["a", "b", "bad", "c"].map((item) => submit(item).catch((error: Error) => error.message));
    await releaseAll();
    expect(await Promise.all(results)).toEqual(["done a", "done b", "batch of bad failed", "done c"]);
    expect(batches).toEqual([["a"], ["b", "bad", "c"], ["b"], ["bad"], ["c"]]);
  });

  it("gives every item of a failed batch its error at once when it is not one item's (the database is down)", async () => {
    const { submit, batches, releaseAll } = heldBatcher({ inFlight: 1, fails: (items) => items.length > 1, retryAlone: false });
    const results = ["a", "b", "c"].map((item) => submit(item).catch((error: Error) => error.message));
    await releaseAll();
    expect(await Promise.all(results)).toEqual(["done a", "batch of b,c failed", "batch of b,c failed"]);
    expect(batches).toEqual([["a"], ["b", "c"]]);
  });

  it("settles nothing before its batch's statement returns", async () => {
    const { submit, releaseAll } = heldBatcher({ inFlight: 1 });
    let settled = false;
    const result = submit("a").then(() => {
      settled = true;
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(settled).toBe(false);
    await releaseAll();
    await result;
    expect(settled).toBe(true);
  });
});
