// One load run with autocannon: throughput, latency, the server's CPU per request (from /proc) and its memory after.
import autocannon from "autocannon";
import { type AllocationSummary, startSampling, stopSampling } from "./alloc-profile";
import { cpuSeconds, memoryMb, postgresCpuSeconds } from "./proc-stats";

export type Request = NonNullable<autocannon.Options["requests"]>[number];
/** A target's kind: reads and webhooks have the throughput budget; a write (an operator's save) is measured without one. */
export type TargetKind = "ceiling" | "probe" | "read" | "write" | "webhook";

export interface TargetResult {
  target: string;
  kind: TargetKind;
  reqPerSec: number;
  p50: number;
  p99: number;
  /** The shape of the tail, for reading it (no budget uses them): p90, p99.9 and the slowest answer, in ms. */
  p90: number;
  p999: number;
  maxMs: number;
  cpuUsPerReq: number;
  /** Local Postgres's CPU per request over the same run (0 when Postgres runs elsewhere). */
  postgresUsPerReq: number;
  errors: number;
  non2xx: number;
  requests: number;
  /** The server's resident memory right after the run. */
  rssMb: number;
  /** The ceiling this target is compared with: the mean of the bare route measured just before and just after it. */
  ceiling?: number;
  ratio?: number;
  /** With `BENCH_ALLOC_PROF`: what the measured run allocated in the server. */
  allocation?: AllocationSummary;
}

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 64);

export async function measure(options: {
  target: string;
  kind?: TargetKind;
  url: string;
  pid: number;
  request?: Request;
  requests?: Request[];
  duration: number;
  warmUp?: number;
  /** Sample the server's allocations over the measured run (`BENCH_ALLOC_PROF`; the server must have the sampler). */
  sampleAllocations?: boolean;
}): Promise<TargetResult> {
  const requests = options.requests ?? (options.request ? [options.request] : []);
  const warmUp = options.warmUp ?? 2;
  if (warmUp > 0) await autocannon({ url: options.url, connections: CONNECTIONS, duration: warmUp, requests });
  if (options.sampleAllocations) startSampling(options.pid);
  const before = cpuSeconds(options.pid);
  const postgresBefore = postgresCpuSeconds();
  const result = await autocannon({ url: options.url, connections: CONNECTIONS, duration: options.duration, requests });
  const cpu = cpuSeconds(options.pid) - before;
  const postgresCpu = postgresCpuSeconds() - postgresBefore;
  const total = result.requests.total;
  const allocation = options.sampleAllocations ? await stopSampling(options.pid, options.target, total) : undefined;
  return {
    target: options.target,
    kind: options.kind ?? "ceiling",
    reqPerSec: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    p90: result.latency.p90,
    p999: result.latency.p99_9,
    maxMs: result.latency.max,
    cpuUsPerReq: Math.round((cpu * 1e6) / Math.max(1, total)),
    postgresUsPerReq: Math.round((postgresCpu * 1e6) / Math.max(1, total)),
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    requests: total,
    rssMb: Math.round(memoryMb(options.pid).rss),
    ...(allocation ? { allocation } : {}),
  };
}
