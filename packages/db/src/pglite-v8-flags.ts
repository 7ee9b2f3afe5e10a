import v8 from "node:v8";

const FLAG = "--wasm-num-compilation-tasks";
/**
 * Embedded PGlite is a 9 MB WebAssembly module. While it starts, V8 recompiles its hottest functions with its optimizing
 * compiler on as many threads as it likes: about 0.55 s of CPU during a 1.1 s server start on two cores, on the cores
 * the start itself needed. On one thread the same work stops crowding the start (docs/performance.md).
 */
const DURING_START = `${FLAG}=1`;
/**
 * V8's own default (`node --v8-options`), set back once PGlite has started. It must be exactly that: Node checks the
 * compiled code of its built-in modules, and V8 a code cache, against V8's flags, so any other value makes every
 * built-in module loaded later compile from source (about 2× slower) and the server bundle's code cache be rejected.
 * `pglite-v8-flags.test.ts` fails if a Node.js upgrade changes the default.
 */
const V8_DEFAULT = `${FLAG}=128`;

/** PGlite starts under way in this process: the flag is set by the first and set back by the last. */
let starting = 0;

/**
 * Runs `start` (PGlite's start) with WebAssembly's background compiles on one thread, then sets V8's default back. Left
 * alone when the process was started with the flag on its command line (its value is the operator's).
 */
export async function withPgliteV8Flags<T>(start: () => Promise<T>): Promise<T> {
  if (process.execArgv.some((arg) => arg.startsWith(FLAG))) return start();
  if (starting++ === 0) v8.setFlagsFromString(DURING_START);
  try {
    return await start();
  } finally {
    if (--starting === 0) v8.setFlagsFromString(V8_DEFAULT);
  }
}
