import { describe, expect, it } from "vitest";
import { statementBatcher } from "../services/statement-batcher";

/** A batcher whose statement is held until the test releases it, recording each batch it was given. */
function heldBatcher(options: { inFlight: number; maxBatch?: number; fails?: (items: string[]) => boolean }) {
  const batches: string[][] = [];
  const releases: (() => void)[] = [];
  const submit = statementBatcher<string, string>({
    inFlight: options.inFlight,
    maxBatch: options.maxBatch ?? 100,
    keys: (item) => [item.split("@")[0] ?? item],
    run: async (items) => {
      batches.push(items);
      await new Promise<void>((resolve) => releases.push(resolve));
      if (options.fails?.(items)) throw new Error(`batch of ${items.join(",")} failed`);
      return items.map((item) => `done ${item}`);
    },
  });
  const releaseAll = async () => {
    while (releases.length > 0) {
      for (const release of releases.splice(0)) release();
      await new Promise((resolve) => setImmediate(resolve));
    }
  };
  return { submit, batches, releaseAll };
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
