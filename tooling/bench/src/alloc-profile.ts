// `BENCH_ALLOC_PROF=<dir>`: what a target's requests allocate, garbage included, from V8's sampling heap profiler in
// the server (alloc-sampler.cjs, preloaded): bytes a request and the functions that allocate most. Bytes allocated
// move far less with this host's speed than requests a second do, and the garbage collector's work follows them.
import { existsSync, mkdirSync, readFileSync, renameSync } from "node:fs";
import { join, resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

export const ALLOC_PROF_DIR = process.env.BENCH_ALLOC_PROF ? resolve(process.env.BENCH_ALLOC_PROF) : "";

interface ProfileNode {
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  selfSize: number;
  children: ProfileNode[];
}

export interface AllocationSummary {
  kbPerRequest: number;
  /** The functions that allocate most themselves (V8 counts a built-in's allocations, `JSON.stringify`'s say, to its caller). */
  top: { fn: string; kbPerRequest: number }[];
  file: string;
}

/** The server's extra `node` arguments and environment when sampling is on. */
export function allocSamplerOptions(): { args: string[]; env: Record<string, string> } {
  if (!ALLOC_PROF_DIR) return { args: [], env: {} };
  mkdirSync(ALLOC_PROF_DIR, { recursive: true });
  return { args: ["-r", join(import.meta.dirname, "alloc-sampler.cjs")], env: { BENCH_ALLOC_PROF_DIR: ALLOC_PROF_DIR } };
}

const profilesWritten = new Map<number, number>();

/** Starts sampling in the server (its first SIGUSR2). */
export function startSampling(pid: number): void {
  process.kill(pid, "SIGUSR2");
}

/** Stops sampling (the second SIGUSR2), waits for the profile, names it after the target and sums it up. */
export async function stopSampling(pid: number, target: string, requests: number): Promise<AllocationSummary> {
  process.kill(pid, "SIGUSR2");
  const n = profilesWritten.get(pid) ?? 0;
  profilesWritten.set(pid, n + 1);
  const written = join(ALLOC_PROF_DIR, `alloc-${pid}-${n}.heapprofile`);
  for (let waited = 0; !existsSync(written); waited += 100) {
    if (waited > 30_000) throw new Error(`the server wrote no allocation profile to ${written} in 30 s`);
    await sleep(100);
  }
  const file = join(ALLOC_PROF_DIR, `${target.replace(/[^a-z0-9]+/gi, "-").replace(/^-|-$/g, "")}.heapprofile`);
  renameSync(written, file);
  return summarizeAllocations(JSON.parse(readFileSync(file, "utf8")).head, requests, file);
}

function summarizeAllocations(head: ProfileNode, requests: number, file: string): AllocationSummary {
  const bySite = new Map<string, number>();
  let total = 0;
  const stack = [head];
  for (let node = stack.pop(); node; node = stack.pop()) {
    stack.push(...node.children);
    if (node.selfSize === 0) continue;
    total += node.selfSize;
    const { functionName, url, lineNumber, columnNumber } = node.callFrame;
    const site = `${functionName || "(anonymous)"} ${url.split("/").pop() || "(native)"}:${lineNumber + 1}:${columnNumber + 1}`;
    bySite.set(site, (bySite.get(site) ?? 0) + node.selfSize);
  }
  const kb = (bytes: number) => Number((bytes / 1024 / Math.max(1, requests)).toFixed(1));
  const top = [...bySite]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 8)
    .map(([fn, bytes]) => ({ fn, kbPerRequest: kb(bytes) }));
  return { kbPerRequest: kb(total), top, file };
}
