// The budgets of `pnpm bench` (docs/performance.md): every throughput a ratio to the bare Fastify ceiling measured around it.
import type { TargetResult } from "./run-load";

export interface Budget {
  name: string;
  /** null: not judged in this run (what it needs was not measured, or the machine is too slow for an absolute figure). */
  ok: boolean | null;
  detail: string;
}

export const BUDGETS = {
  /** Authenticated reads and webhooks, each, × the bare ceiling (2.5× Peek's Next.js kit, 0.018×). */
  minRatio: 0.045,
  /** p99 at most this multiple of p50 on every target of the kit. */
  tailMultiple: 2,
  /** No p99 above Peek's kit's (115 ms), judged when the ceiling reaches 40 000 req/s. */
  maxP99Ms: 115,
  p99JudgedFromCeiling: 40_000,
  peakRssMb: 150,
  soakGrowth: 0.05,
} as const;

export function judge(run: {
  results: TargetResult[];
  peakRssMb: number;
  soak: { rssStartMb: number; rssEndMb: number; errors: number; non2xx: number } | null;
  instances: { errors: number; non2xx: number; webhooksAccepted: number; webhooksStored: number } | null;
}): Budget[] {
  const budgets: Budget[] = [];
  const ceiling = run.results.find((r) => r.kind === "ceiling");
  for (const r of run.results.filter((r) => r.kind === "read" || r.kind === "webhook"))
    budgets.push({ name: `${r.target} ≥ ${BUDGETS.minRatio}× the ceiling`, ok: (r.ratio ?? 0) >= BUDGETS.minRatio, detail: `${r.ratio}×` });
  const kit = run.results.filter((r) => r.kind !== "ceiling");
  const fat = kit.filter((r) => r.p99 > BUDGETS.tailMultiple * Math.max(1, r.p50));
  budgets.push({
    name: `p99 ≤ ${BUDGETS.tailMultiple} × p50 on every target`,
    ok: fat.length === 0,
    detail: fat.length === 0 ? "all" : fat.map((r) => `${r.target} ${r.p50}/${r.p99} ms`).join(", "),
  });
  const worst = kit.reduce((max, r) => Math.max(max, r.p99), 0);
  const fastEnough = (ceiling?.reqPerSec ?? 0) >= BUDGETS.p99JudgedFromCeiling;
  budgets.push({
    name: `p99 ≤ ${BUDGETS.maxP99Ms} ms everywhere (judged when the ceiling is ≥ ${BUDGETS.p99JudgedFromCeiling} req/s)`,
    ok: fastEnough ? worst <= BUDGETS.maxP99Ms : null,
    detail: `worst ${worst} ms; ceiling ${ceiling?.reqPerSec ?? "–"} req/s${fastEnough ? "" : ": not judged today"}`,
  });
  const failing = run.results.filter((r) => r.errors > 0 || r.non2xx > 0);
  budgets.push({
    name: "no errors, no non-2xx",
    ok: failing.length === 0 && !run.soak?.errors && !run.soak?.non2xx && !run.instances?.errors && !run.instances?.non2xx,
    detail: failing.map((r) => `${r.target}: ${r.errors} errors, ${r.non2xx} non-2xx`).join(", ") || "none",
  });
  budgets.push({
    name: `peak RSS ≤ ${BUDGETS.peakRssMb} MB`,
    ok: run.peakRssMb <= BUDGETS.peakRssMb,
    detail: `${run.peakRssMb.toFixed(0)} MB`,
  });
  const growth = run.soak ? (run.soak.rssEndMb - run.soak.rssStartMb) / run.soak.rssStartMb : null;
  budgets.push({
    name: `no growth over the soak (≤ ${BUDGETS.soakGrowth * 100} %)`,
    ok: growth === null ? null : growth <= BUDGETS.soakGrowth,
    detail: run.soak
      ? `${run.soak.rssStartMb.toFixed(0)} → ${run.soak.rssEndMb.toFixed(0)} MB (${((growth ?? 0) * 100).toFixed(1)} %)`
      : "not run",
  });
  budgets.push({
    name: "two instances behind one port: every webhook answered 2xx is stored",
    ok: run.instances ? run.instances.webhooksStored >= run.instances.webhooksAccepted : null,
    detail: run.instances ? `${run.instances.webhooksAccepted} answered 2xx, ${run.instances.webhooksStored} stored` : "not run",
  });
  return budgets;
}

export function printBudgets(budgets: Budget[]): void {
  console.log("");
  for (const b of budgets) console.log(`${b.ok === null ? "n/a " : b.ok ? "ok  " : "MISS"} ${b.name}: ${b.detail}`);
}
