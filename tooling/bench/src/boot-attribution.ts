// pnpm bench:boot: where a cold start on Postgres spends its wall time, module by module. It bundles the server readable
// (`bundle.mjs --readable`), times each bundled module's evaluation by rewriting esbuild's module wrappers and marking
// each module's top-level code, and starts that bundle through the real entry (code cache included) on a throwaway
// database, BENCH_BOOT_RUNS times (7). It prints each part's median: the entry (Node's start up to the bundle, reading
// and deserializing it), every module's own evaluation (what its wrapper or its top-level code ran, minus the modules it
// loaded), and the server's `main` (config, database, app, listen). A diagnostic with no budget: `pnpm bench:web` has
// the cold-start budgets. Marking costs about 1 µs per module, so the sum runs a little above a plain start.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createDb } from "@kit/db";
import { sql } from "drizzle-orm";
import { bareNodeStartSeconds } from "./machine";
import { median } from "./median";

const repoRoot = resolve(import.meta.dirname, "../../..");
const RUNS = Math.max(1, Number(process.env.BENCH_BOOT_RUNS) || 7);
const TOP = Math.max(1, Number(process.env.BENCH_BOOT_TOP) || 30);

/**
 * esbuild's helpers for modules loaded on first use, as written in a readable bundle, and their timed replacements.
 * (esbuild numbers a helper's parameter, `fn` or `fn2`, after the names the bundle already uses.)
 */
const WRAPPERS: [RegExp, string][] = [
  [
    /return (fn\d*) && \(res = \(0, \1\[__getOwnPropNames\(\1\)\[0\]\]\)\(\1 = 0\)\), res;/,
    "if (!$1) return res; const name = __getOwnPropNames($1)[0]; __kitBoot.enter(name); try { return res = (0, $1[name])($1 = 0), res; } finally { __kitBoot.leave(); }",
  ],
  [
    /return mod \|\| \(0, (cb\d*)\[__getOwnPropNames\(\1\)\[0\]\]\)\(\(mod = \{ exports: \{\} \}\)\.exports, mod\), mod\.exports;/,
    "if (mod) return mod.exports; const name = __getOwnPropNames($1)[0]; __kitBoot.enter(name); try { (0, $1[name])((mod = { exports: {} }).exports, mod); return mod.exports; } finally { __kitBoot.leave(); }",
  ],
];

/** The bundle with its module wrappers timed and a mark before each module's top-level code (esbuild's `// path` line). */
function instrument(source: string): string {
  let out = source;
  for (const [plain, timed] of WRAPPERS) {
    if (!plain.test(out)) throw new Error(`esbuild's module helper changed: ${plain} not found; update WRAPPERS`);
    out = out.replace(plain, timed);
  }
  const lines = out.split("\n");
  let marks = 0;
  const marked = lines.map((line) => {
    const module = /^\/\/ ((?:\.\.\/|src\/)\S+)$/.exec(line)?.[1];
    if (!module) return line;
    marks += 1;
    return `__kitBoot.mark(${JSON.stringify(module)});\n${line}`;
  });
  if (marks < 100) throw new Error(`only ${marks} module comments in the readable bundle: is it still readable?`);
  // The bundle's last line closes Node's module wrapper (bundle.mjs's footer): what follows its top level is `main`.
  const footer = marked.lastIndexOf("})");
  if (footer < 0) throw new Error("the bundle's closing footer was not found");
  marked.splice(footer, 0, '__kitBoot.mark("(main: config, database, app, migrations check, listen)");');
  return marked.join("\n");
}

/** Runs first: the clock the marks charge, then the real entry; at ready it prints what each part took. */
const ATTRIBUTION_ENTRY = `"use strict";
const short = (name) => name.replace(/^.*node_modules\\/\\.pnpm\\/[^/]+\\/node_modules\\//, "").replace(/^(\\.\\.\\/)+/, "");
const boot = { self: new Map(), stack: [], last: 0, current: "(entry: Node's start, reading and deserializing the bundle)",
  charge(now) { this.self.set(this.current, (this.self.get(this.current) ?? 0) + now - this.last); this.last = now; },
  enter(name) { this.charge(performance.now()); this.stack.push(this.current); this.current = short(name); },
  leave() { this.charge(performance.now()); this.current = this.stack.pop(); },
  mark(name) { if (this.stack.length === 0) { this.charge(performance.now()); this.current = short(name); } } };
globalThis.__kitBoot = boot;
require("./index.cjs").started.then(() => {
  boot.charge(performance.now());
  process.stdout.write("\\n__kit_boot__" + JSON.stringify(Object.fromEntries(boot.self)));
  process.exit(0);
});
`;

function run(entry: string, env: Record<string, string>): Promise<Record<string, number>> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [entry], { env, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk;
    });
    child.stderr.on("data", (chunk: Buffer) => {
      err += chunk;
    });
    child.on("exit", (code) => {
      const at = out.lastIndexOf("__kit_boot__");
      if (code !== 0 || at < 0) fail(new Error(`the instrumented start exited ${code}: ${err.slice(-2000)}`));
      else done(JSON.parse(out.slice(at + "__kit_boot__".length)) as Record<string, number>);
    });
  });
}

const work = mkdtempSync(join(tmpdir(), "kit-bench-boot-"));
// Beside the server's own dist, so that what stays external (PGlite, Peek's SDK) resolves from its node_modules.
const dist = join(repoRoot, "apps/server", `dist-boot-${process.pid}`);
const admin = await createDb({ driver: "postgres", url: "postgres://postgres@127.0.0.1:5432/postgres", maxConnections: 1 });
const database = `kit_bench_boot_${process.pid}`;
await admin.db.execute(sql.raw(`create database ${database}`));
try {
  await new Promise<void>((done, fail) =>
    spawn(process.execPath, [join(repoRoot, "apps/server/scripts/bundle.mjs"), "--outdir", dist, "--readable"], { stdio: "inherit" }).on(
      "exit",
      (code) => (code === 0 ? done() : fail(new Error(`bundle.mjs exited ${code}`))),
    ),
  );
  const bundle = join(dist, "server.cjs");
  writeFileSync(bundle, instrument(readFileSync(bundle, "latin1")), "latin1");
  const entry = join(dist, "attribution.cjs");
  writeFileSync(entry, ATTRIBUTION_ENTRY);
  const env = {
    PATH: process.env.PATH ?? "",
    NODE_ENV: "test",
    HOST: "127.0.0.1",
    PORT: String(4990 + Math.floor(Math.random() * 9)),
    LOG_LEVEL: "warn",
    PEEK_APP_SECRET: "bench-boot-secret-0123456789abcdef",
    DATA_DIR: work,
    DATABASE_URL: `postgres://postgres@127.0.0.1:5432/${database}`,
  };
  await run(entry, env); // migrates, compiles and writes the code cache
  await run(entry, env); // the first start from the cache
  const runs: Record<string, number>[] = [];
  const bare: number[] = [];
  for (let i = 0; i < RUNS; i += 1) {
    bare.push(await bareNodeStartSeconds());
    runs.push(await run(entry, env));
  }
  const parts = new Set(runs.flatMap((r) => Object.keys(r)));
  const medians = [...parts].map((part) => [part, median(runs.map((r) => r[part] ?? 0))] as const).sort((a, b) => b[1] - a[1]);
  const totals = runs.map((r) => Object.values(r).reduce((sum, ms) => sum + ms, 0));
  const modules = medians.filter(([part]) => !part.startsWith("("));
  console.log(`\nmedian of ${RUNS} starts on Postgres, in process until ready: ${median(totals).toFixed(0)} ms`);
  console.log(`bare node -e 0 (same environment): ${(median(bare) * 1000).toFixed(0)} ms`);
  console.log(`the bundle's modules, evaluated: ${modules.reduce((sum, [, ms]) => sum + ms, 0).toFixed(0)} ms in ${modules.length}\n`);
  console.log("|     ms | part |\n| -----: | ---- |");
  for (const [part, ms] of medians.slice(0, TOP)) console.log(`| ${ms.toFixed(2).padStart(6)} | ${part} |`);
} finally {
  await admin.db.execute(sql.raw(`drop database if exists ${database} with (force)`));
  await admin.close();
  rmSync(dist, { recursive: true, force: true });
  rmSync(work, { recursive: true, force: true });
}
