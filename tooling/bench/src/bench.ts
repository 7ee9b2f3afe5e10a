// pnpm bench: the production server on real Postgres, seeded, driven by autocannon from this process; prints a table,
// writes JSON with a description of the machine, and exits non-zero when a budget is missed.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, release as osRelease, type as osType, totalmem } from "node:os";
import { join, resolve } from "node:path";
import { createDb, migrate } from "@kit/db";
import { mintPeekToken } from "@kit/peek";
import autocannon from "autocannon";
import { sql } from "drizzle-orm";
import { cpuSeconds, memoryMb } from "./proc-stats";
import { seedBenchData } from "./seed";

const repoRoot = resolve(import.meta.dirname, "../../..");
const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 64);
/** Seconds of each ceiling check between two targets. */
const CEILING_CHECK_S = 3;
const SECRET = "bench-peek-app-secret-0123456789abcdef";
/**
 * `BENCH_ONLY=ceiling,webhook`: only the targets whose name contains one of the comma-separated words (ratios need the
 * ceiling; without it they are not computed). With `BENCH_CPU_PROF` this keeps the profile to the target of interest.
 */
const ONLY =
  process.env.BENCH_ONLY?.split(",")
    .map((word) => word.trim().toLowerCase())
    .filter(Boolean) ?? [];
/** `BENCH_CPU_PROF=dir`: the server writes a V8 CPU profile there when it stops (open it in Chrome's DevTools). */
const CPU_PROF_DIR = process.env.BENCH_CPU_PROF;

interface TargetResult {
  target: string;
  reqPerSec: number;
  p50: number;
  p99: number;
  cpuUsPerReq: number;
  errors: number;
  non2xx: number;
  requests: number;
  /** The server's resident memory right after the run. */
  rssMb: number;
  /** The ceiling this target is compared with: the mean of the ceiling measured just before and just after it. */
  ceiling?: number;
  ratio?: number;
}

async function throwawayDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, drop: async () => {} };
  const admin = "postgres://postgres@127.0.0.1:5432/postgres";
  const name = `kit_bench_${process.pid}`;
  const handle = await createDb({ driver: "postgres", url: admin, maxConnections: 1 });
  await handle.db.execute(sql.raw(`create database ${name}`));
  await handle.close();
  return {
    url: `postgres://postgres@127.0.0.1:5432/${name}`,
    drop: async () => {
      const again = await createDb({ driver: "postgres", url: admin, maxConnections: 1 });
      await again.db.execute(sql.raw(`drop database if exists ${name} with (force)`));
      await again.close();
    },
  };
}

/** The server runs with the production image's `NODE_OPTIONS` (its heap bound), read from the Dockerfile. */
function productionNodeOptions(): string {
  const dockerfile = readFileSync(join(repoRoot, "tooling/deploy/Dockerfile"), "utf8");
  return (
    /^ENV NODE_OPTIONS=(.+)$/m
      .exec(dockerfile)?.[1]
      ?.trim()
      .replace(/^"(.*)"$/, "$1") ?? ""
  );
}

async function startServer(databaseUrl: string): Promise<{ child: ChildProcess; url: string }> {
  const port = 4600 + (process.pid % 300);
  const url = `http://127.0.0.1:${port}`;
  const profile = CPU_PROF_DIR ? ["--cpu-prof", `--cpu-prof-dir=${resolve(CPU_PROF_DIR)}`] : [];
  const child = spawn(process.execPath, [...profile, join(repoRoot, "apps/server/dist/index.mjs")], {
    cwd: repoRoot,
    env: {
      PATH: process.env.PATH,
      NODE_ENV: "production",
      HOST: "127.0.0.1",
      PORT: String(port),
      APP_URL: url,
      PEEK_APP_ID: "bench-app",
      PEEK_APP_SECRET: SECRET,
      DATABASE_URL: databaseUrl,
      LOG_LEVEL: "warn",
      NODE_OPTIONS: productionNodeOptions(),
      ...(process.env.DATABASE_POOL_SIZE ? { DATABASE_POOL_SIZE: process.env.DATABASE_POOL_SIZE } : {}),
    },
    stdio: ["ignore", "inherit", "inherit"],
  });
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (
      await fetch(`${url}/readyz`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return { child, url };
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill("SIGKILL");
  throw new Error("the server did not become ready");
}

type Request = NonNullable<autocannon.Options["requests"]>[number];

async function measure(target: string, url: string, pid: number, request: Request, duration = DURATION, warmUp = 2): Promise<TargetResult> {
  await autocannon({ url, connections: CONNECTIONS, duration: warmUp, requests: [request] });
  const before = cpuSeconds(pid);
  const result = await autocannon({ url, connections: CONNECTIONS, duration, requests: [request] });
  const cpu = cpuSeconds(pid) - before;
  const requests = result.requests.total;
  return {
    target,
    reqPerSec: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    cpuUsPerReq: Math.round((cpu * 1e6) / Math.max(1, requests)),
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    requests,
    rssMb: Math.round(memoryMb(pid).rss),
  };
}

const rotate = <T>(items: T[]) => {
  let i = 0;
  return () => items[i++ % items.length] as T;
};

async function main(): Promise<number> {
  const database = await throwawayDatabase();
  let server: { child: ChildProcess; url: string } | null = null;
  try {
    const handle = await createDb({ driver: "postgres", url: database.url, maxConnections: 4 });
    await migrate(handle);
    const seededAt = Date.now();
    const seeded = await seedBenchData(handle.db);
    await handle.close();
    console.log(`seeded 50 partners, 50 000 demo records, 200 sessions in ${((Date.now() - seededAt) / 1000).toFixed(1)} s`);

    server = await startServer(database.url);
    const pid = server.child.pid as number;
    const idleRss = memoryMb(pid).rss;
    const tokens = await Promise.all(
      seeded.installIds.map((installId) => mintPeekToken({ installId, secret: SECRET, user: null, ttlSeconds: 3_600 })),
    );
    const nextSession = rotate(seeded.sessionTokens);
    const nextInstall = rotate(seeded.installIds.map((installId, i) => ({ installId, token: tokens[i] as string })));
    let bookingCounter = 0;
    let installationCounter = 0;
    const listInput = encodeURIComponent(JSON.stringify({ json: { limit: 20 } }));

    const targets: [string, Request][] = [
      ["GET /livez (ceiling)", { method: "GET", path: "/livez" }],
      [
        "POST /health",
        { method: "POST", path: "/health", headers: { "content-type": "application/json" }, body: '{"checkType":"health"}' },
      ],
      [
        "demo.list (tRPC, session)",
        {
          method: "GET",
          path: `/trpc/demo.list?input=${listInput}`,
          setupRequest: (req) => ({ ...req, headers: { ...req.headers, authorization: `Bearer ${nextSession()}` } }),
        },
      ],
      [
        "installation webhook",
        {
          method: "POST",
          path: "/registry/api/on-installation-status-change",
          setupRequest: (req) => {
            const { installId, token } = nextInstall();
            // A new event each time (a version update), not a redelivery: every request writes a new inbox row.
            const body = JSON.stringify({
              status: "update_installed",
              install_id: installId,
              display_version: `1.0.${installationCounter++}`,
              account: {
                id: `bench-acct-${installId.split("-").at(-1)}`,
                name: `Bench Partner ${installId.split("-").at(-1)}`,
                platform: "peek",
                is_test: false,
              },
            });
            return { ...req, headers: { "content-type": "application/json", "x-peek-auth": `Bearer ${token}` }, body };
          },
        },
      ],
      [
        "booking webhook",
        {
          method: "POST",
          path: "/peek-pro/api/on-booking-change",
          setupRequest: (req) => {
            const { token } = nextInstall();
            // 1 000 bookings, each rescheduled again and again: a new event (inbox row) per request, an upsert of the booking.
            const counter = bookingCounter++;
            const n = counter % 1_000;
            const startsAt = Date.UTC(2026, 11, 1) + counter * 60_000;
            const body = JSON.stringify({
              booking: {
                id: `bk-${n}`,
                displayId: `BK${n}`,
                reservationStatus: "BOOKED",
                startsAtUtc: new Date(startsAt).toISOString(),
                endsAtUtc: new Date(startsAt + 3_600_000).toISOString(),
              },
            });
            return { ...req, headers: { "content-type": "application/json", "x-peek-auth": `Bearer ${token}` }, body };
          },
        },
      ],
    ];

    const results: TargetResult[] = [];
    const selected = targets.filter(([name]) => ONLY.length === 0 || ONLY.some((word) => name.toLowerCase().includes(word)));
    const [ceilingName, ceilingRequest] = targets[0] as [string, Request];
    const measuresCeiling = selected[0]?.[0] === ceilingName;
    // This machine's speed drifts within a run (other tenants): each target is compared with the ceiling measured just
    // before and just after it (short runs between the targets), not with one measurement at the start.
    const ceilingNow = async () => (await measure(ceilingName, server?.url ?? "", pid, ceilingRequest, CEILING_CHECK_S, 1)).reqPerSec;
    let ceilingBefore: number | undefined;
    for (const [name, request] of selected) {
      process.stdout.write(`${name}… `);
      const result = await measure(name, server.url, pid, request);
      if (name === ceilingName) {
        ceilingBefore = result.reqPerSec;
        result.ratio = 1;
      } else if (measuresCeiling && ceilingBefore !== undefined) {
        const ceilingAfter = await ceilingNow();
        result.ceiling = Math.round((ceilingBefore + ceilingAfter) / 2);
        result.ratio = Number((result.reqPerSec / result.ceiling).toFixed(3));
        ceilingBefore = ceilingAfter;
      }
      results.push(result);
      console.log(`${result.reqPerSec} req/s${result.ceiling ? ` (ceiling around it ${result.ceiling})` : ""}`);
    }

    // Leak check: the same target twice more; resident memory after each (skipped in a partial run).
    const listRequest = targets[2]?.[1] as Request;
    const leakRun = async () => {
      if (ONLY.length > 0) return memoryMb(pid).rss;
      await measure("leak", server?.url ?? "", pid, listRequest);
      return memoryMb(pid).rss;
    };
    const afterFirst = await leakRun();
    const afterSecond = await leakRun();
    const memory = memoryMb(pid);

    console.log("");
    console.log("| target | req/s | p50 ms | p99 ms | CPU µs/req | errors | non-2xx | RSS after MB | ceiling around | × ceiling |");
    console.log("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    for (const r of results)
      console.log(
        `| ${r.target} | ${r.reqPerSec} | ${r.p50} | ${r.p99} | ${r.cpuUsPerReq} | ${r.errors} | ${r.non2xx} | ${r.rssMb} | ${r.ceiling ?? "–"} | ${r.ratio ?? "–"} |`,
      );
    console.log(
      `\nRSS when ready ${idleRss.toFixed(0)} MB; peak RSS ${memory.peak.toFixed(0)} MB; demo.list twice more: RSS ${afterFirst.toFixed(0)} → ${afterSecond.toFixed(0)} MB`,
    );

    const ratioOf = (target: string) => results.find((r) => r.target.startsWith(target))?.ratio;
    const atLeast = (target: string, budget: number): [string, boolean][] => {
      const ratio = ratioOf(target);
      return ratio === undefined ? [] : [[`${target} ≥ ${budget}× ceiling`, ratio >= budget]];
    };
    const budgets: [string, boolean][] = [
      ...atLeast("POST /health", 0.5),
      ...atLeast("demo.list", 0.035),
      ...atLeast("installation webhook", 0.04),
      ...atLeast("booking webhook", 0.04),
      ["p99 ≤ 100 ms everywhere", results.every((r) => r.p99 <= 100)],
      ["no errors, no non-2xx", results.every((r) => r.errors === 0 && r.non2xx === 0)],
      ["peak RSS ≤ 300 MB", memory.peak <= 300],
      ...(ONLY.length > 0
        ? []
        : ([["no growth across two runs (≤ 5 % or 10 MB)", afterSecond - afterFirst <= Math.max(10, afterFirst * 0.05)]] as [
            string,
            boolean,
          ][])),
    ];
    console.log("");
    for (const [name, ok] of budgets) console.log(`${ok ? "ok  " : "MISS"} ${name}`);

    const machine = {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model,
      memoryGb: Math.round(totalmem() / 1024 ** 3),
      os: `${osType()} ${osRelease()}`,
      node: process.version,
      serverNodeOptions: productionNodeOptions(),
      connections: CONNECTIONS,
      durationS: DURATION,
    };
    const dir = join(repoRoot, "tooling/bench/results");
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `bench-${new Date().toISOString().replace(/[:.]/g, "-")}.json`);
    writeFileSync(
      file,
      `${JSON.stringify({ machine, results, memory: { peakMb: memory.peak, leakCheckMb: [afterFirst, afterSecond] }, budgets: Object.fromEntries(budgets) }, null, 2)}\n`,
    );
    console.log(`\nwritten to ${file}`);
    return budgets.every(([, ok]) => ok) ? 0 : 1;
  } finally {
    server?.child.kill("SIGTERM");
    await new Promise((r) => setTimeout(r, 500));
    await database.drop().catch((error: unknown) => console.error("could not drop the bench database:", error));
  }
}

process.exitCode = await main();
