/**
 * The bundled server's entry (`dist/index.cjs`: CommonJS, because Node starts an ES module entry about 10 ms slower,
 * setting up its ES module loader). It runs the server bundle (`dist/server.cjs`) through V8's code cache:
 * Node 20 keeps no compiled code between starts, and compiling the bundle was about a fifth of a cold start. The first
 * start compiles as usual and, once ready, writes what V8 compiled to `server.<bundle id>.v8cache` beside the bundle;
 * later starts load it instead of compiling. V8 rejects a cache made by another Node.js or under other V8 flags, or a
 * damaged one (that start compiles and writes a new one); the bundle id in the name ties it to this exact bundle, since
 * V8 itself only checks the source's length. Where the bundle's directory is read-only, every start compiles.
 */
import { readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import vm from "node:vm";
import { restoreDefaultHeapFlags } from "./heap-flags";
import type { BootEntry, main as startServer } from "./main";

// First: with the image's heap-sizing flags left set, every built-in module loaded below would compile from source.
restoreDefaultHeapFlags();

/** A hash of `server.cjs`, set by the bundle step. */
declare const SERVER_BUNDLE_ID: string;

/** The directory of this file, `dist/` (the bundle step builds this entry as CommonJS). */
const here = __dirname;
const bundle = join(here, "server.cjs");
const cacheFile = join(here, `server.${SERVER_BUNDLE_ID}.v8cache`);

let cachedData: Buffer | undefined;
try {
  cachedData = readFileSync(cacheFile);
} catch {
  // not written yet: this start compiles
}

// esbuild writes ASCII only (it escapes everything else), so latin1 reads the source exactly, and faster than UTF-8.
// The bundle is one function expression, Node's module wrapper (`scripts/bundle.mjs`): its text goes to V8 as read.
const script = new vm.Script(readFileSync(bundle, "latin1"), { filename: bundle, ...(cachedData ? { cachedData } : {}) });
const codeCache: BootEntry["codeCache"] = !cachedData ? "none" : script.cachedDataRejected ? "rejected" : "used";
// V8 has read the cache: its 2 MB need not stay in memory for the life of the process.
cachedData = undefined;
const server = { exports: {} as { main: typeof startServer } };
script.runInThisContext()(server.exports, createRequire(bundle), server, bundle, here);

/** Starts the server, then writes the code cache if this start compiled the bundle. */
async function start(): Promise<void> {
  const logger = await server.exports.main({ codeCache });
  if (codeCache === "used") return;
  // Once ready, so the cache holds the functions the start compiled too. Written whole, then renamed: a second
  // instance starting meanwhile reads the old file or the new one, never half of one.
  const data = script.createCachedData();
  const partial = `${cacheFile}.${process.pid}.tmp`;
  try {
    writeFileSync(partial, data);
    renameSync(partial, cacheFile);
    logger.info({ file: cacheFile, kb: Math.round(data.length / 1024) }, "code cache written: the next start skips compiling");
  } catch (error) {
    rmSync(partial, { force: true });
    logger.info(
      { code: (error as { code?: unknown }).code },
      "code cache not written (read-only directory?): every start compiles the bundle",
    );
  }
}

/** Resolves once the server is ready and the cache written (`pnpm bench:boot` waits for it). */
export const started: Promise<void> = start();
