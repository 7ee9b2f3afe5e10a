import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { heapFlagsGiven } from "../heap-flags";

const SOURCE = "(function () { return 40 + 2; })()";
const tsx = createRequire(import.meta.url).resolve("tsx");

/** Runs `code` in a fresh Node (PATH and NODE_OPTIONS only), through tsx, and returns what it printed as JSON. */
function inFreshNode(code: string, nodeOptions = ""): Record<string, unknown> {
  const dir = mkdtempSync(join(tmpdir(), "kit-heap-flags-"));
  const file = join(dir, "child.ts");
  writeFileSync(file, code);
  const run = spawnSync(process.execPath, ["--import", tsx, file], {
    env: { PATH: process.env.PATH, NODE_OPTIONS: nodeOptions },
    encoding: "utf8",
  });
  rmSync(dir, { recursive: true, force: true });
  expect(run.status, run.stderr).toBe(0);
  return JSON.parse(run.stdout.trim().split("\n").at(-1) as string);
}

describe("the heap-sizing flags", () => {
  it("are found on the command line and in NODE_OPTIONS, with dashes or underscores", () => {
    expect(heapFlagsGiven(["--max-old-space-size=256"], "--max_semi_space_size=16 --enable-source-maps")).toEqual([
      "max-old-space-size",
      "max-semi-space-size",
    ]);
    expect(heapFlagsGiven(["--stack-size=2000"], undefined)).toEqual([]);
    expect(heapFlagsGiven([], "--max-old-space-size 256")).toEqual(["max-old-space-size"]);
  });

  it("set back to V8's defaults, leave V8's flag hash as without them and the heap as sized by them", () => {
    // Compiled code made by a Node started without flags: accepted only under V8's default flag hash.
    const { cache } = inFreshNode(
      `import vm from "node:vm"; console.log(JSON.stringify({ cache: new vm.Script(${JSON.stringify(SOURCE)}).createCachedData().toString("base64") }));`,
    );
    const child = inFreshNode(
      `import v8 from "node:v8";
      import vm from "node:vm";
      import { restoreDefaultHeapFlags } from ${JSON.stringify(join(import.meta.dirname, "../heap-flags.ts"))};
      const cachedData = Buffer.from(${JSON.stringify(cache)}, "base64");
      const rejected = () => new vm.Script(${JSON.stringify(SOURCE)}, { cachedData }).cachedDataRejected;
      const before = rejected();
      const restored = restoreDefaultHeapFlags();
      const after = rejected();
      const keep = [];
      for (let i = 0; i < 2e6; i++) { keep.push({ i }); if (keep.length > 1e5) keep.length = 0; }
      const newSpace = v8.getHeapSpaceStatistics().find((space) => space.space_name === "new_space").space_size;
      console.log(JSON.stringify({ before, after, restored, limitMb: v8.getHeapStatistics().heap_size_limit / 2 ** 20, newSpaceMb: newSpace / 2 ** 20 }));`,
      "--max-old-space-size=256 --max-semi-space-size=4",
    );
    expect(child.before).toBe(true); // the flags change the hash: this is what costs the built-in modules
    expect(child.restored).toEqual(["max-old-space-size", "max-semi-space-size"]);
    expect(child.after).toBe(false);
    // The heap keeps what the flags gave it: a 256 MB old generation (plus the young one), 2 × 4 MB semi-spaces.
    expect(child.limitMb).toBeGreaterThan(256);
    expect(child.limitMb).toBeLessThan(300);
    expect(child.newSpaceMb).toBe(8);
  });
});
