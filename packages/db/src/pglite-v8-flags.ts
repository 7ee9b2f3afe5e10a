import v8 from "node:v8";

/**
 * Embedded PGlite is a 9 MB WebAssembly module. While it starts, V8 recompiles its hottest functions with its optimizing
 * compiler on as many threads as it likes: about 0.55 s of CPU during a 1.1 s server start on two cores, on the cores
 * the start itself needed. On one thread the same work stops crowding the start, and queries still reach the optimized
 * code, a little later (docs/performance.md).
 */
export const PGLITE_V8_FLAGS = "--wasm-num-compilation-tasks=1";

/**
 * Sets {@link PGLITE_V8_FLAGS} for this process. `createDb` does before PGlite loads; the server's bundle entry does
 * before anything is compiled, on every start, because V8's flags are part of what a code cache is checked against (a
 * flag set on some starts only would make the cache be rejected at every switch; setting the same value again changes
 * nothing). No file is imported but `node:v8` (about 1.5 ms), so the bundle entry stays small.
 */
export function applyPgliteV8Flags(): void {
  v8.setFlagsFromString(PGLITE_V8_FLAGS);
}
