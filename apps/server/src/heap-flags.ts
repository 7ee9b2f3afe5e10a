import v8 from "node:v8";

/**
 * V8's heap-sizing flags, each with V8's own default (`node --v8-options`). V8 reads them once, when it creates the heap:
 * setting them back afterwards changes nothing about the heap's size.
 */
const HEAP_FLAGS: Record<string, string> = {
  "max-old-space-size": "0",
  "max-semi-space-size": "0",
  "min-semi-space-size": "0",
  "max-heap-size": "0",
  "initial-heap-size": "0",
  "initial-old-space-size": "0",
};

/** The heap-sizing flags this process was started with, from its command line and `NODE_OPTIONS`. */
export function heapFlagsGiven(execArgv: readonly string[], nodeOptions: string | undefined): string[] {
  const args = [...execArgv, ...(nodeOptions ?? "").split(/\s+/)];
  const given = new Set<string>();
  for (const arg of args) {
    const name = /^--([a-z_-]+)(=|$)/.exec(arg)?.[1]?.replaceAll("_", "-");
    if (name && name in HEAP_FLAGS) given.add(name);
  }
  return [...given];
}

/**
 * Sets the heap-sizing flags this process was started with back to V8's defaults, once the heap has been sized by them.
 *
 * Node checks the compiled code of its built-in modules against a hash of V8's flags, and V8 checks a code cache the
 * same way. Started with the image's `NODE_OPTIONS` (`--max-old-space-size=256 --max-semi-space-size=16`), every
 * built-in module the server loaded compiled from source: a start on Postgres took 264 ms instead of 211 (interleaved,
 * 31 rounds). With the flags set back, the heap keeps the sizes they gave it (`heap-flags.test.ts` checks both).
 * Called first by the server's entry. A worker thread started later gets V8's default heap sizes: give it its own
 * `resourceLimits`.
 */
export function restoreDefaultHeapFlags(execArgv: readonly string[] = process.execArgv, nodeOptions = process.env.NODE_OPTIONS): string[] {
  const given = heapFlagsGiven(execArgv, nodeOptions);
  for (const name of given) v8.setFlagsFromString(`--${name}=${HEAP_FLAGS[name]}`);
  return given;
}
