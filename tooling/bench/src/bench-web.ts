// pnpm bench:web: gzip sizes of what the embedded settings page and the portal load (initial and lazy JS and CSS,
// from Vite's manifest), and the server's cold start (spawn → first 200 on /readyz) on Postgres, on an existing
// PGlite directory and on a fresh one. Exits non-zero when a budget is missed.
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { gzipSync } from "node:zlib";
import { createDb } from "@kit/db";
import { sql } from "drizzle-orm";
import { bareNodeStartSeconds, machineDescription } from "./machine";
import { median } from "./median";
import { productionNodeOptions } from "./servers";

const repoRoot = resolve(import.meta.dirname, "../../..");
const dist = join(repoRoot, "apps/web/dist");
type Chunk = { file: string; imports?: string[]; css?: string[]; isEntry?: boolean };
const manifest = JSON.parse(readFileSync(join(dist, ".vite/manifest.json"), "utf8")) as Record<string, Chunk>;

const gz = (file: string) => gzipSync(readFileSync(join(dist, file))).length / 1024;

/** A chunk with everything it imports statically: what loading it costs. */
function closure(keys: string[], seen = new Set<string>()): Set<string> {
  for (const key of keys) {
    if (seen.has(key)) continue;
    seen.add(key);
    closure(manifest[key]?.imports ?? [], seen);
  }
  return seen;
}
const files = (keys: Set<string>) => {
  const js = [...keys].map((k) => manifest[k]?.file).filter((f): f is string => !!f);
  const css = [...keys].flatMap((k) => manifest[k]?.css ?? []);
  return { js, css };
};
const sizeOf = (list: string[]) => list.reduce((sum, f) => sum + gz(f), 0);

const initial = closure(["index.html"]);
// The settings page is in the first file (Peek opens it); its bookings overview loads right after the first paint.
const settingsAll = closure(
  ["src/pages/settings/settings-page.tsx", "src/pages/settings/bookings-overview.tsx"].filter((key) => key in manifest),
  new Set(initial),
);
const settingsFirstPaint = closure(
  ["src/pages/settings/settings-page.tsx"].filter((key) => key in manifest),
  new Set(initial),
);
const portalAll = closure(["src/pages/portal/login-page.tsx", "src/pages/portal/confirm-login-page.tsx"], new Set(initial));
const lazy = (all: Set<string>) => new Set([...all].filter((k) => !initial.has(k)));
const initialFiles = files(initial);
const settingsLazy = files(lazy(settingsAll));
const portalLazy = files(lazy(portalAll));
/** The font files the page's CSS points the browser at (woff2: what a browser of today downloads; no gzip, they are compressed). */
const fontFiles = [
  ...new Set(
    initialFiles.css.flatMap((file) =>
      [...readFileSync(join(dist, file), "utf8").matchAll(/url\(\/?(assets\/[^)]+\.woff2)\)/g)].map((m) => m[1] as string),
    ),
  ),
];
const allCss = readdirSync(join(dist, "assets"))
  .filter((f) => f.endsWith(".css"))
  .map((f) => `assets/${f}`);
const indexHtml = readFileSync(join(dist, "index.html"), "utf8");
const web = {
  initialJsKb: sizeOf(initialFiles.js),
  initialCssKb: sizeOf(initialFiles.css),
  firstPaintLazyJsKb: sizeOf(files(lazy(settingsFirstPaint)).js),
  settingsLazyJsKb: sizeOf(settingsLazy.js),
  portalLazyJsKb: sizeOf(portalLazy.js),
  fontKb: fontFiles.reduce((sum, f) => sum + statSync(join(dist, f)).size / 1024, 0),
  fonts: fontFiles.length,
  allCssKb: sizeOf(allCss),
  /** The page paints a shell (header and skeleton) from HTML and CSS alone, before any script. */
  staticShell: /<div id="root">\s*<div[^>]*class="[^"]*border-b/.test(indexHtml) && /aria-busy="true"/.test(indexHtml),
};
const settingsEverything = web.initialJsKb + web.initialCssKb + web.settingsLazyJsKb;

/** The image's heap-sizing options, as `pnpm bench` runs the server: what production starts with. */
const SERVER_NODE_OPTIONS = productionNodeOptions();

async function coldStart(env: Record<string, string>): Promise<number> {
  const port = 4950 + Math.floor(Math.random() * 40);
  const started = performance.now();
  const child = spawn(process.execPath, [join(repoRoot, "apps/server/dist/index.cjs")], {
    cwd: repoRoot,
    env: {
      PATH: process.env.PATH,
      NODE_OPTIONS: SERVER_NODE_OPTIONS,
      NODE_ENV: "test",
      HOST: "127.0.0.1",
      PORT: String(port),
      LOG_LEVEL: "warn",
      PEEK_APP_SECRET: "bench-web-secret-0123456789abcdef",
      ...env,
    },
    stdio: "ignore",
  });
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode})`);
      if (
        await fetch(`http://127.0.0.1:${port}/readyz`).then(
          (r) => r.ok,
          () => false,
        )
      )
        return (performance.now() - started) / 1000;
      if (performance.now() - started > 30_000) throw new Error("not ready within 30 s");
      await new Promise((r) => setTimeout(r, 5));
    }
  } finally {
    child.kill("SIGTERM");
    await new Promise((r) => child.once("exit", r));
  }
}

/** How many starts of each kind are measured (each after a bare `node -e 0`). */
const STARTS = Math.max(1, Number(process.env.BENCH_WEB_STARTS) || 5);

/**
 * Each start right after a bare `node -e 0` (the machine's own start-up speed, which drifts 3× from day to day on this
 * shared host, and within a run too), and its multiple of that bare start: the drift moves both. The result is the
 * median time and the median multiple, and the bare starts measured.
 */
async function pairedStarts(env: (i: number) => Record<string, string>) {
  const seconds: number[] = [];
  const multiples: number[] = [];
  const bare: number[] = [];
  for (let i = 0; i < STARTS; i += 1) {
    bare.push(await bareNodeStartSeconds());
    seconds.push(await coldStart(env(i)));
    multiples.push((seconds[i] as number) / (bare[i] as number));
  }
  return { seconds: median(seconds), multiple: Number(median(multiples).toFixed(1)), bare };
}

async function coldStarts() {
  const admin = await createDb({ driver: "postgres", url: "postgres://postgres@127.0.0.1:5432/postgres", maxConnections: 1 });
  const name = `kit_bench_web_${process.pid}`;
  await admin.db.execute(sql.raw(`create database ${name}`));
  const work = mkdtempSync(join(tmpdir(), "kit-bench-web-"));
  try {
    const postgres = { DATABASE_URL: `postgres://postgres@127.0.0.1:5432/${name}`, DATA_DIR: work };
    // The code cache holds what the start that wrote it had compiled: one left by an earlier start after the build (a
    // test's) once made starts on Postgres 140 ms slower. The first start below, not counted, writes it afresh.
    const serverDist = join(repoRoot, "apps/server/dist");
    for (const file of readdirSync(serverDist)) if (file.endsWith(".v8cache")) rmSync(join(serverDist, file));
    await coldStart(postgres); // first boot migrates and writes the code cache: not counted
    const onPostgres = await pairedStarts(() => postgres);
    const existing = { PGLITE_DIR: join(work, "existing"), DATA_DIR: work };
    await coldStart(existing); // creates and migrates the directory
    const onExistingPglite = await pairedStarts(() => existing);
    const onFreshPglite = await pairedStarts((i) => ({ PGLITE_DIR: join(work, `fresh-${i}`), DATA_DIR: work }));
    return { onPostgres, onExistingPglite, onFreshPglite };
  } finally {
    await admin.db.execute(sql.raw(`drop database if exists ${name} with (force)`));
    await admin.close();
    rmSync(work, { recursive: true, force: true });
  }
}

const starts = await coldStarts();
const bareNode = median([...starts.onPostgres.bare, ...starts.onExistingPglite.bare, ...starts.onFreshPglite.bare]);
const kb = (n: number) => `${n.toFixed(1)} KB`;
const s = (start: { seconds: number; multiple: number }) => `${start.seconds.toFixed(2)} s (${start.multiple}× a bare node start)`;
console.log("| what | gzip / time |");
console.log("| --- | ---: |");
console.log(`| initial JS (every page) | ${kb(web.initialJsKb)} |`);
console.log(`| initial CSS | ${kb(web.initialCssKb)} |`);
console.log(`| all CSS | ${kb(web.allCssKb)} |`);
console.log(`| font files the page loads (${web.fonts}, woff2) | ${kb(web.fontKb)} |`);
console.log(`| embedded settings page, JS before its first paint beyond the first file | ${kb(web.firstPaintLazyJsKb)} |`);
console.log(
  `| embedded settings page, JS after its first paint (bookings overview) | ${kb(web.settingsLazyJsKb - web.firstPaintLazyJsKb)} |`,
);
console.log(`| embedded settings page, everything | ${kb(settingsEverything)} |`);
console.log(`| portal sign-in pages, lazy JS | ${kb(web.portalLazyJsKb)} |`);
console.log(`| cold start on Postgres | ${s(starts.onPostgres)} |`);
console.log(`| cold start on an existing PGlite directory | ${s(starts.onExistingPglite)} |`);
console.log(`| cold start on a fresh PGlite directory | ${s(starts.onFreshPglite)} |`);
console.log(`| bare \`node -e 0\` start (this machine today, median) | ${bareNode.toFixed(3)} s |`);
const settingsJs = web.initialJsKb + web.settingsLazyJsKb;
const budgets: [string, boolean][] = [
  // Issue 22: 0.8× Peek's Next.js kit's 148 KB, the i18n runtime and one language's messages included.
  ["settings page initial JS ≤ 118 KB", web.initialJsKb + web.firstPaintLazyJsKb <= 118],
  ["settings page, all its JS (overview included) ≤ 130 KB", settingsJs <= 130],
  ["settings page everything (JS and CSS) ≤ 260 KB", settingsEverything <= 260],
  ["fonts the settings page loads ≤ 60 KB", web.fontKb <= 60],
  ["all CSS ≤ 15 KB", web.allCssKb <= 15],
  ["the portal paints a static shell before any script", web.staticShell],
  // As multiples of a bare `node -e 0` run just before each start: the machine's speed drifts, the multiples less.
  ["cold start on Postgres ≤ 3.5× node -e 0", starts.onPostgres.multiple <= 3.5],
  ["cold start on an existing PGlite directory ≤ 8× node -e 0", starts.onExistingPglite.multiple <= 8],
  ["cold start on a fresh PGlite directory ≤ 25× node -e 0", starts.onFreshPglite.multiple <= 25],
];
console.log("");
for (const [name, ok] of budgets) console.log(`${ok ? "ok  " : "MISS"} ${name}`);

const dir = join(repoRoot, "tooling/bench/results");
mkdirSync(dir, { recursive: true });
const file = join(dir, `bench-web-${new Date().toISOString().replace(/[:.]/g, "-")}.json`);
writeFileSync(
  file,
  `${JSON.stringify(
    {
      machine: machineDescription(),
      nodeStartMs: Math.round(bareNode * 1000),
      web: { ...web, settingsJsKb: settingsJs, settingsEverythingKb: settingsEverything },
      coldStartS: {
        onPostgres: starts.onPostgres.seconds,
        onExistingPglite: starts.onExistingPglite.seconds,
        onFreshPglite: starts.onFreshPglite.seconds,
      },
      coldStartMultiples: {
        onPostgres: starts.onPostgres.multiple,
        onExistingPglite: starts.onExistingPglite.multiple,
        onFreshPglite: starts.onFreshPglite.multiple,
      },
      budgets: Object.fromEntries(budgets),
    },
    null,
    2,
  )}\n`,
);
console.log(`\nwritten to ${file}`);
process.exitCode = budgets.every(([, ok]) => ok) ? 0 : 1;
