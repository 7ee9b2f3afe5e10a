import vm from "node:vm";
import { describe, expect, it } from "vitest";
import { createDb } from "../client";
import { withPgliteV8Flags } from "../pglite-v8-flags";

// V8 checks cached code against its flags. A cache made now is accepted exactly when V8's flags are what they are now:
// the same check that decides whether Node's built-in modules and the server bundle load from their caches. Each check
// compiles a text V8 has not seen (its in-memory cache would answer otherwise) of the same length (all V8 compares).
const script = (n: number) => `function twice(value) { return value * 2 }\ntwice(${n});`;
const cachedData = new vm.Script(script(10)).createCachedData();
let checks = 10;
const acceptedNow = () => !new vm.Script(script(++checks), { cachedData }).cachedDataRejected;

describe("PGlite's V8 flags", () => {
  it("are in effect while PGlite starts, and exactly V8's own again afterwards", async () => {
    expect(acceptedNow()).toBe(true);
    await withPgliteV8Flags(async () => {
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

  it("leave nothing changed after a real PGlite start", async () => {
    const handle = await createDb({ driver: "pglite", dataDir: "memory" });
    try {
      expect(acceptedNow()).toBe(true);
    } finally {
      await handle.close();
    }
  }, 30_000);
});
