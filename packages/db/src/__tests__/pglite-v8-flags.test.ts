import v8 from "node:v8";
import vm from "node:vm";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createDb } from "../client";
import { withPgliteV8Flags } from "../pglite-v8-flags";

// V8 checks cached code against its flags. A cache made now is accepted exactly when V8's flags are what they are now:
// the same check that decides whether Node's built-in modules and the server bundle load from their caches. Each check
// compiles a text V8 has not seen in this process (its in-memory cache would answer otherwise: hence a random start,
// should this file be loaded twice in one worker) of the same length (V8 compares only that).
const script = (n: number) => `function twice(value) { return value * 2 }\ntwice(${String(n).padStart(12, "0")});`;
let checks = Math.floor(Math.random() * 1e11);
const cachedData = new vm.Script(script(checks)).createCachedData();
const acceptedNow = () => !new vm.Script(script(++checks), { cachedData }).cachedDataRejected;

afterEach(() => {
  vi.restoreAllMocks();
});

describe("PGlite's V8 flags", () => {
  it("are in effect while PGlite starts, and exactly V8's own again afterwards", async () => {
    expect(acceptedNow()).toBe(true);
    await withPgliteV8Flags(async () => {
      expect(acceptedNow()).toBe(false);
    });
    expect(acceptedNow()).toBe(true);
  });

  it("stay set until the last of two overlapping starts ends", async () => {
    let endFirst = () => {};
    const first = withPgliteV8Flags(() => new Promise<void>((resolve) => (endFirst = resolve)));
    await withPgliteV8Flags(async () => {
      endFirst();
      await first;
      expect(acceptedNow()).toBe(false);
    });
    expect(acceptedNow()).toBe(true);
  });

  it("are set back when the start fails", async () => {
    await expect(
      withPgliteV8Flags(async () => {
        throw new Error("PGlite could not start");
      }),
    ).rejects.toThrow("PGlite could not start");
    expect(acceptedNow()).toBe(true);
  });

  it("are set around a real PGlite start, and leave nothing changed after it", async () => {
    const setFlags = vi.spyOn(v8, "setFlagsFromString");
    const handle = await createDb({ driver: "pglite", dataDir: "memory" });
    try {
      expect(setFlags.mock.calls).toEqual([["--wasm-num-compilation-tasks=1"], ["--wasm-num-compilation-tasks=128"]]);
      expect(acceptedNow()).toBe(true);
    } finally {
      await handle.close();
    }
  }, 30_000);
});
