import { createRequire } from "node:module";

/**
 * Embedded PGlite is a 9 MB WebAssembly module. While it starts, V8 recompiles its hottest functions with its optimizing
 * compiler on as many threads as it likes: about 0.55 s of CPU during a 1.1 s start on two cores, on the cores the start
 * itself needed. On one thread the same work stops crowding the start, and queries still reach the optimized code, a
 * little later (docs/performance.md).
 *
 * Set before anything is compiled, since V8's flags are part of what a code cache is checked against. Skipped where the
 * environment names Postgres (`DATABASE_URL`), which never runs WebAssembly: such a start does not load `node:v8`
 * (about 4 ms). If the choice differs from one start to the next, V8 only rejects the code cache once.
 */
export function limitWasmCompileThreads(env: NodeJS.ProcessEnv = process.env): void {
  if (env.DATABASE_URL) return;
  const v8: typeof import("node:v8") = createRequire(import.meta.url)("node:v8");
  v8.setFlagsFromString("--wasm-num-compilation-tasks=1");
}
