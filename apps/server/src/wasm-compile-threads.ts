import v8 from "node:v8";

/**
 * Embedded PGlite is a 9 MB WebAssembly module. While it starts, V8 recompiles its hottest functions with its optimizing
 * compiler on as many threads as it likes: about 0.55 s of CPU during a 1.1 s start on two cores, on the cores the start
 * itself needed. On one thread the same work stops crowding the start, and queries still reach the optimized code, a
 * little later (docs/performance.md).
 *
 * Set before anything is compiled, and on every start: V8's flags are part of what a code cache is checked against, so
 * a flag set on some starts only (say, only without `DATABASE_URL`) would make every switch reject the cache. On
 * Postgres, which runs no WebAssembly, it costs loading `node:v8` (about 1.5 ms).
 */
export function limitWasmCompileThreads(): void {
  v8.setFlagsFromString("--wasm-num-compilation-tasks=1");
}
