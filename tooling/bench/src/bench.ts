// pnpm bench: the production server on real Postgres, seeded, driven by autocannon; every throughput is a ratio to a bare
// Fastify route in a process of its own (the ceiling), measured around each target. Prints a table, writes JSON with the
// machine, the ceiling, `node -e 0` and every ratio, and exits non-zero when a budget is missed.
import type { ChildProcess } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createDb, migrate, webhookDeliveries } from "@kit/db";
import { mintPeekToken } from "@kit/peek";
import { count } from "drizzle-orm";
import { ALLOC_PROF_DIR } from "./alloc-profile";
import { judge, printBudgets } from "./budgets";
import { bareNodeStartSeconds, machineDescription } from "./machine";
import { median } from "./median";
import { cpuSeconds, memoryMb } from "./proc-stats";
import { measure, type Request, type TargetResult } from "./run-load";
import { seedBenchData } from "./seed";
import { roleWithSynchronousCommit, startCeiling, startServer, summarizeServerLogs, throwawayDatabase } from "./servers";
import { buildTargets } from "./targets";

const repoRoot = join(import.meta.dirname, "../../..");
const DURATION = Number(process.env.BENCH_DURATION ?? 10);
/** Seconds of the mixed-load soak whose memory must not grow (0 skips it). */
const SOAK_S = Number(process.env.BENCH_SOAK_S ?? 60);
/** Seconds of mixed load on two instances behind one port (0 skips it). */
const CLUSTER_S = Number(process.env.BENCH_CLUSTER_S ?? 10);
/** Seconds of each ceiling check between two targets. */
const CEILING_CHECK_S = 3;
const SECRET = "bench-peek-app-secret-0123456789abcdef";
/** `BENCH_ONLY=me,webhook`: only the targets whose name contains one of the words (the ceiling is always measured). */
const ONLY =
  process.env.BENCH_ONLY?.split(",")
    .map((word) => word.trim().toLowerCase())
    .filter(Boolean) ?? [];

/**
 * `BENCH_COMPARE=<another build's dist/index.cjs>` (and `BENCH_COMPARE_NODE_OPTIONS`, `BENCH_COMPARE_NODE=<another node
 * executable>` for it), or
 * `BENCH_COMPARE_POOLER_PORT=<a transaction-mode PgBouncer in front of the same Postgres>` (this build twice, the
 * second through the pooler with `DATABASE_POOLER=transaction`), or
 * `BENCH_COMPARE_SYNCHRONOUS_COMMIT=off` (this build twice, the second's Postgres sessions with that `synchronous_commit`,
 * set on the role it connects as), or
 * `BENCH_COMPARE_ENV="DATABASE_POOL_SIZE=4 …"` (this build twice, the second with those settings): both builds on the
 * same database, each target measured on one and then the other, each first in turn, `BENCH_ROUNDS` times (4), the
 * median of each printed side by side. No budgets: this is for telling what a change bought on a machine whose speed
 * drifts between runs.
 */
const COMPARE_ENTRY = process.env.BENCH_COMPARE ?? "";
const POOLER_PORT = process.env.BENCH_COMPARE_POOLER_PORT ?? "";
const SYNCHRONOUS_COMMIT = process.env.BENCH_COMPARE_SYNCHRONOUS_COMMIT ?? "";
/** `NAME=value` pairs, separated by spaces: the second server's extra settings. */
const COMPARE_ENV: Record<string, string> = Object.fromEntries(
  (process.env.BENCH_COMPARE_ENV ?? "")
    .split(/\s+/)
    .filter(Boolean)
    .map((pair) => {
      const at = pair.indexOf("=");
      if (at <= 0) throw new Error(`BENCH_COMPARE_ENV takes NAME=value pairs separated by spaces (got "${pair}")`);
      return [pair.slice(0, at), pair.slice(at + 1)];
    }),
);
const COMPARE_ENV_LABEL = Object.entries(COMPARE_ENV)
  .map(([name, value]) => `${name}=${value}`)
  .join(" ");
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 4);

/** The builds with their indexes, in the order a comparison's round runs them: as given, then reversed, and so on. */
function orderOfRound<T>(builds: T[], round: number): [number, T][] {
  const order = [...builds.entries()];
  return round % 2 === 0 ? order : order.reverse();
}

async function compareBuilds(
  selected: { name: string; kind: TargetResult["kind"]; request?: Request; requests?: Request[] }[],
  ...builds: { label: string; url: string; pid: number }[]
): Promise<boolean> {
  /** Builds and targets that answered errors or non-2xx: a build failing fast looks faster, so the comparison is void. */
  const failing: string[] = [];
  console.log(`| target | ${builds.map((b) => `${b.label} req/s | CPU µs/req | p50 / p99 ms`).join(" | ")} | change |`);
  console.log(`| --- | ${builds.map(() => "---: | ---: | ---:").join(" | ")} | ---: |`);
  for (const target of selected) {
    const runs: TargetResult[][] = builds.map(() => []);
    for (let round = 0; round < ROUNDS; round += 1)
      // Every other round runs the builds in the other order: whichever ran second measured faster, by 8–27 % on some
      // targets (one pair of builds compared in both orders, 2026-12-07), so a fixed order favours one build.
      for (const [i, build] of orderOfRound(builds, round))
        runs[i]?.push(
          await measure({
            target: target.name,
            kind: target.kind,
            url: build.url,
            pid: build.pid,
            ...(target.requests ? { requests: target.requests } : { request: target.request }),
            duration: DURATION,
          }),
        );
    const rps = runs.map((r) => median(r.map((x) => x.reqPerSec)));
    const cpu = runs.map((r) => median(r.map((x) => x.cpuUsPerReq)));
    const tail = runs.map((r) => `${median(r.map((x) => x.p50))} / ${median(r.map((x) => x.p99))}`);
    const change = (((rps[0] ?? 0) / Math.max(1, rps[1] ?? 1) - 1) * 100).toFixed(1);
    console.log(`| ${target.name} | ${rps.map((v, i) => `${v} | ${cpu[i]} | ${tail[i]}`).join(" | ")} | ${change} % |`);
    for (const [i, build] of builds.entries()) {
      const errors = (runs[i] ?? []).reduce((sum, r) => sum + r.errors, 0);
      const non2xx = (runs[i] ?? []).reduce((sum, r) => sum + r.non2xx, 0);
      if (errors + non2xx > 0) failing.push(`${build.label}, ${target.name}: ${errors} errors, ${non2xx} non-2xx`);
    }
  }
  for (const line of failing) console.log(`FAILED ${line}`);
  if (failing.length > 0) console.log("Not a valid comparison: a build that fails answers faster. Its server log says why.");
  return failing.length === 0;
}

async function nodeStartSeconds(): Promise<number> {
  const runs: number[] = [];
  for (let i = 0; i < 5; i += 1) runs.push(await bareNodeStartSeconds());
  return runs.sort((a, b) => a - b)[2] as number;
}

async function main(): Promise<number> {
  const database = await throwawayDatabase();
  const children: ChildProcess[] = [];
  /** After the servers stop: what the run created beside its database. */
  const cleanups: (() => Promise<unknown>)[] = [];
  try {
    const handle = await createDb({ driver: "postgres", url: database.url, maxConnections: 4 });
    await migrate(handle);
    const seededAt = Date.now();
    const seeded = await seedBenchData(handle.db);
    console.log(`seeded 50 partners, 50 000 demo records, 200 sessions in ${((Date.now() - seededAt) / 1000).toFixed(1)} s`);
    const server = await startServer(database.url, SECRET);
    children.push(server.child);
    const pid = server.child.pid as number;
    const readyRss = memoryMb(pid).rss;
    const tokens = await Promise.all(
      seeded.installIds.map((installId) => mintPeekToken({ installId, secret: SECRET, user: null, ttlSeconds: 3_600 })),
    );
    const targets = await buildTargets({ url: server.url, sessions: seeded.sessionTokens, installIds: seeded.installIds, tokens });
    console.log(`seeded ${targets.bookingsSeeded} bookings through the booking webhook`);
    const selected = targets.list.filter(({ name, onlyWhenNamed }) =>
      ONLY.length === 0 ? !onlyWhenNamed : ONLY.some((word) => name.toLowerCase().includes(word)),
    );

    if (COMPARE_ENTRY || POOLER_PORT || SYNCHRONOUS_COMMIT || COMPARE_ENV_LABEL) {
      const nodeOptions = process.env.BENCH_COMPARE_NODE_OPTIONS;
      const node = process.env.BENCH_COMPARE_NODE;
      // Through a transaction pooler in front of the same Postgres: the pooled URL, named statements off, migrations direct.
      const pooled = new URL(database.url);
      if (POOLER_PORT) pooled.port = POOLER_PORT;
      const committing = SYNCHRONOUS_COMMIT ? await roleWithSynchronousCommit(database.url, SYNCHRONOUS_COMMIT) : null;
      cleanups.push(async () => committing?.drop());
      const otherUrl = committing?.url ?? (POOLER_PORT ? pooled.toString() : database.url);
      const other = await startServer(otherUrl, SECRET, {
        ...(COMPARE_ENTRY ? { entry: COMPARE_ENTRY } : {}),
        ...(nodeOptions ? { nodeOptions } : {}),
        ...(node ? { node } : {}),
        env: { ...(POOLER_PORT ? { DATABASE_POOLER: "transaction", DATABASE_DIRECT_URL: database.url } : {}), ...COMPARE_ENV },
      });
      children.push(other.child);
      // The mixed load (the soak's) too, when no target is named or "mixed" is one of the words.
      const mixed = ONLY.length === 0 || ONLY.some((word) => "mixed load".includes(word));
      const valid = await compareBuilds(
        [...selected, ...(mixed ? [{ name: "mixed load", kind: "read" as const, requests: targets.mixed }] : [])],
        { label: "this build", url: server.url, pid },
        {
          label: [
            COMPARE_ENTRY || "this build",
            node && `on ${node}`,
            nodeOptions,
            POOLER_PORT && `through the pooler at :${POOLER_PORT}`,
            SYNCHRONOUS_COMMIT && `synchronous_commit=${SYNCHRONOUS_COMMIT}`,
            COMPARE_ENV_LABEL,
          ]
            .filter(Boolean)
            .join(", "),
          url: other.url,
          pid: other.child.pid as number,
        },
      );
      const peak = (p: number) => `${memoryMb(p).peak.toFixed(0)} MB`;
      console.log(`peak RSS: this build ${peak(pid)}, the other ${peak(other.child.pid as number)}`);
      return valid ? 0 : 1;
    }

    const nodeStart = await nodeStartSeconds();
    const ceiling = await startCeiling();
    children.push(ceiling.child);
    const ceilingRequest: Request = { method: "GET", path: "/ceiling" };
    const ceilingNow = async (seconds: number) =>
      measure({
        target: "bare Fastify route (ceiling)",
        url: ceiling.url,
        pid: ceiling.child.pid as number,
        request: ceilingRequest,
        duration: seconds,
        warmUp: 1,
      });
    const first = await ceilingNow(DURATION);
    first.ratio = 1;
    console.log(`bare Fastify route (ceiling): ${first.reqPerSec} req/s`);
    const results: TargetResult[] = [first];
    let ceilingBefore = first.reqPerSec;
    for (const target of selected) {
      process.stdout.write(`${target.name}… `);
      const result = await measure({
        target: target.name,
        kind: target.kind,
        url: server.url,
        pid,
        request: target.request,
        duration: DURATION,
        sampleAllocations: Boolean(ALLOC_PROF_DIR),
      });
      const ceilingAfter = (await ceilingNow(CEILING_CHECK_S)).reqPerSec;
      result.ceiling = Math.round((ceilingBefore + ceilingAfter) / 2);
      result.ratio = Number((result.reqPerSec / result.ceiling).toFixed(4));
      ceilingBefore = ceilingAfter;
      results.push(result);
      console.log(`${result.reqPerSec} req/s, ${result.ratio}× the ceiling around it (${result.ceiling})`);
    }

    // The soak: the mixed load for SOAK_S seconds; resident memory after its first tenth and at its end.
    let soak: { rssStartMb: number; rssEndMb: number; reqPerSec: number; errors: number; non2xx: number } | null = null;
    if (SOAK_S > 0 && ONLY.length === 0) {
      process.stdout.write(`soak: mixed load for ${SOAK_S} s… `);
      // A tenth of the soak warms up (at least 5 s; a soak shorter than 10 s warms up for half of it).
      const warm = Math.min(Math.max(5, Math.round(SOAK_S / 10)), Math.max(1, Math.floor(SOAK_S / 2)));
      await measure({ target: "soak warm-up", url: server.url, pid, requests: targets.mixed, duration: warm, warmUp: 0 });
      const rssStartMb = memoryMb(pid).rss;
      const run = await measure({ target: "soak", url: server.url, pid, requests: targets.mixed, duration: SOAK_S - warm, warmUp: 0 });
      soak = { rssStartMb, rssEndMb: memoryMb(pid).rss, reqPerSec: run.reqPerSec, errors: run.errors, non2xx: run.non2xx };
      console.log(`${run.reqPerSec} req/s, RSS ${rssStartMb.toFixed(0)} → ${soak.rssEndMb.toFixed(0)} MB`);
    }
    const peakRssMb = memoryMb(pid).peak;
    const serverCpu = cpuSeconds(pid);
    server.child.kill("SIGTERM");
    await new Promise((r) => server.child.once("exit", r));

    // Two instances behind one port, the mixed load; every webhook answered 2xx must be in the inbox afterwards.
    let instances: {
      count: number;
      reqPerSec: number;
      errors: number;
      non2xx: number;
      webhooksAccepted: number;
      webhooksStored: number;
    } | null = null;
    if (CLUSTER_S > 0 && ONLY.length === 0) {
      process.stdout.write(`two instances behind one port, mixed load for ${CLUSTER_S} s… `);
      const inboxCount = async () => (await handle.db.select({ n: count() }).from(webhookDeliveries))[0]?.n ?? 0;
      const cluster = await startServer(database.url, SECRET, { instances: 2 });
      children.push(cluster.child);
      // A warm-up as every other target has (both instances compile their hot paths and start their job queues),
      // not counted: the inbox is counted from after it.
      await measure({
        target: "two instances, warm-up",
        url: cluster.url,
        pid: cluster.child.pid as number,
        requests: targets.mixed,
        duration: 2,
        warmUp: 0,
      });
      const before = await inboxCount();
      targets.resetWebhookCounter();
      const run = await measure({
        target: "two instances",
        url: cluster.url,
        pid: cluster.child.pid as number,
        requests: targets.mixed,
        duration: CLUSTER_S,
        warmUp: 0,
      });
      const stored = (await inboxCount()) - before;
      instances = {
        count: 2,
        reqPerSec: run.reqPerSec,
        errors: run.errors,
        non2xx: run.non2xx,
        webhooksAccepted: targets.webhooksAccepted(),
        webhooksStored: stored,
      };
      console.log(`${run.reqPerSec} req/s; webhooks answered 2xx ${instances.webhooksAccepted}, stored ${stored}`);
      cluster.child.kill("SIGTERM");
    }
    await handle.close();

    const outcome = judge({ results, peakRssMb, soak, instances });
    console.log("");
    console.log(
      "| target | req/s | p50 ms | p99 ms | CPU µs/req | Postgres µs/req | errors | non-2xx | RSS after MB | ceiling around | × ceiling |",
    );
    console.log("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    for (const r of results)
      console.log(
        `| ${r.target} | ${r.reqPerSec} | ${r.p50} | ${r.p99} | ${r.cpuUsPerReq} | ${r.postgresUsPerReq} | ${r.errors} | ${r.non2xx} | ${r.rssMb} | ${r.ceiling ?? "–"} | ${r.ratio} |`,
      );
    console.log(
      `\nRSS when ready ${readyRss.toFixed(0)} MB; peak RSS ${peakRssMb.toFixed(0)} MB; server CPU ${serverCpu.toFixed(1)} s in all`,
    );
    if (ALLOC_PROF_DIR) {
      console.log(
        `\nallocations per request (BENCH_ALLOC_PROF, garbage included; the sampler slows the server: judge no budget by this run):`,
      );
      for (const { target, allocation } of results) {
        if (!allocation) continue;
        console.log(`  ${target}: ${allocation.kbPerRequest} KB (${allocation.file})`);
        for (const { fn, kbPerRequest } of allocation.top) console.log(`    ${String(kbPerRequest).padStart(6)} KB  ${fn}`);
      }
    }
    if (instances) console.log(`two instances: ${instances.reqPerSec} req/s mixed (one instance's soak: ${soak?.reqPerSec ?? "–"})`);
    console.log(`bare \`node -e 0\`: ${(nodeStart * 1000).toFixed(0)} ms; ceiling at the start ${first.reqPerSec} req/s`);
    printBudgets(outcome);

    const dir = join(repoRoot, "tooling/bench/results");
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `bench-${new Date().toISOString().replace(/[:.]/g, "-")}.json`);
    const json = {
      machine: { ...machineDescription(), connections: Number(process.env.BENCH_CONNECTIONS ?? 64), durationS: DURATION },
      nodeStartMs: Math.round(nodeStart * 1000),
      ceiling: { reqPerSec: first.reqPerSec, p50: first.p50, p99: first.p99 },
      results,
      memory: { readyMb: readyRss, peakMb: peakRssMb, soak },
      instances,
      budgets: outcome,
    };
    writeFileSync(file, `${JSON.stringify(json, null, 2)}\n`);
    console.log(`\nwritten to ${file}`);
    return outcome.every((b) => b.ok !== false) ? 0 : 1;
  } finally {
    for (const child of children) if (child.exitCode === null) child.kill("SIGTERM");
    await new Promise((r) => setTimeout(r, 1_000));
    summarizeServerLogs();
    for (const cleanup of cleanups) await cleanup().catch((error: unknown) => console.error("could not clean up after the bench:", error));
    await database.drop().catch((error: unknown) => console.error("could not drop the bench database:", error));
  }
}

process.exitCode = await main();
