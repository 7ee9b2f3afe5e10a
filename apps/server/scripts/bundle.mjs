// Production bundle of the server: one CommonJS file with the workspace packages inlined and the ES module entry that runs
// it through V8's code cache, the migration and PGlite-template scripts, and the committed migrations.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
// `--outdir <dir>`: bundle elsewhere (the boot test starts a bundle of its own, leaving dist/ to `pnpm start`).
const outdirFlag = process.argv.indexOf("--outdir");
const dist = outdirFlag > 0 ? process.argv[outdirFlag + 1] : join(root, "dist");
// `--readable`: one statement a line, each bundled module under a comment naming it (`pnpm bench:boot` reads them).
const readable = process.argv.includes("--readable");
rmSync(dist, { recursive: true, force: true });

/**
 * zod re-exports every one of its ~50 locales as `z.locales` (about 300 KB of source the cold start would read and
 * compile); the server sets none, and zod's own default is English. Only `en` is kept in the bundle.
 */
const zodEnglishOnly = {
  name: "zod-english-only",
  setup(bundler) {
    bundler.onLoad({ filter: /[\\/]zod[\\/]v4[\\/]locales[\\/]index\.js$/ }, (args) => ({
      contents: 'export { default as en } from "./en.js";\n',
      resolveDir: dirname(args.path),
      loader: "js",
    }));
  },
};

/**
 * What stays outside the bundle, loaded from node_modules at run time: PGlite loads its WebAssembly and data files next
 * to its own module, and Peek's SDK is loaded through require() (its ESM build does not run under Node). A release
 * installs exactly these (`tooling/deploy/assemble.mjs` reads them from `dist/runtime-externals.json`). pino is bundled:
 * the server uses no pino transport (the one thing that needs pino's files on disk), and its 29 files loaded one by one
 * cost a start on Postgres about 35 ms.
 */
const runtimeExternals = ["@electric-sql/pglite", "@peektravel/app-utilities"];

/**
 * What the server loads only on first use, each bundled into a file of its own under `dist/lazy/` instead of into
 * server.cjs: Sentry (only with `SENTRY_DSN`), nodemailer (the first mail over SMTP), and pg-boss with `pg`, luxon and
 * its cron parser (the job queue, which starts after the server is ready). Together 1.8 MB of the bundle's 3.95 MB
 * that every start read and kept as a string, and whose pages it touched twice (docs/performance.md). None of them
 * shares a module instance with the server's code: each talks to it through its own API only. (The MCP SDK stays in
 * server.cjs: it would need its own copy of zod, whose schemas the kit hands it.)
 */
const onUse = {
  // Its ES module build (less than half the size of its CommonJS one): the namespace is the module.
  "@sentry/node": { file: "sentry", entry: (name) => `export * from ${name};` },
  // CommonJS packages: the file's exports are theirs.
  nodemailer: { file: "nodemailer", entry: (name) => `module.exports = require(${name});` },
  "pg-boss": { file: "pg-boss", entry: (name) => `module.exports = require(${name});` },
};

/** Where each {@link onUse} package is imported from (its file is bundled from there, so it resolves the same copy). */
const importerDirs = new Map();

/**
 * In server.cjs, `import()` of an {@link onUse} package becomes a `require()` of its file under `lazy/`, read the way
 * Node reads a CommonJS module from an ES module (esbuild's `__toESM` in Node mode): its `module.exports` is the
 * default export, and its properties the named ones. So each file's `module.exports` is what the server's `import()`
 * takes: a CommonJS package's own exports (nodemailer, pg-boss), or an ES module's namespace (Sentry).
 */
const onUseElsewhere = {
  name: "on-use-elsewhere",
  setup(bundler) {
    const names = Object.keys(onUse).map((name) => name.replace(/[/.]/g, "\\$&"));
    bundler.onResolve({ filter: new RegExp(`^(${names.join("|")})$`) }, (args) => {
      if (args.kind !== "dynamic-import") throw new Error(`${args.path} is imported statically by ${args.importer}: import() it, on use`);
      importerDirs.set(args.path, args.resolveDir);
      return { path: `./lazy/${onUse[args.path].file}.cjs`, external: true };
    });
  },
};

/** What every part shares: Node 20, minified whitespace and syntax (names are kept, so stack traces stay readable). */
const common = {
  bundle: true,
  platform: "node",
  target: "node20",
  minifyWhitespace: !readable,
  minifySyntax: true,
  sourcemap: true,
  legalComments: "none",
  // pino-pretty too: only development loads it (pretty logs on a terminal).
  external: [...runtimeExternals, "pino-pretty"],
  logLevel: "warning",
  plugins: [zodEnglishOnly],
};

// 1. The server, as one CommonJS module in the function that Node itself wraps a module in: its entry runs it through
//    V8's code cache (code-cache-entry.ts), which Node 20 offers for scripts only, and passes the file's text to V8 as
//    it is (wrapping it at run time copied its 3.8 MB once more). Strict, as the ES modules it is bundled from (sloppy
//    mode cost `demo.list` about 15 % of its throughput; esbuild's own "use strict" would come after the banner, where
//    it is no directive). What is imported dynamically (Sentry, nodemailer, pg-boss, the MCP SDK) stays in functions
//    that are compiled on first use: a start reads their text but compiles only what booting runs.
await build({
  ...common,
  entryPoints: { server: join(root, "src/main.ts") },
  outdir: dist,
  outExtension: { ".js": ".cjs" },
  format: "cjs",
  // import() of what stays external (PGlite, pino-pretty, node: modules) becomes require(): V8 loses the dynamic-import
  // handler of a script loaded from its code cache, and PGlite ships a CommonJS build (which Drizzle's require uses too).
  supported: { "dynamic-import": false },
  // The bundle's own file, for what finds files beside it (migrations, the PGlite template, Peek's SDK).
  define: { "import.meta.url": "__kitBundleUrl" },
  plugins: [...common.plugins, onUseElsewhere],
  banner: {
    js: '(function (exports, require, module, __filename, __dirname) {"use strict";const __kitBundleUrl = require("node:url").pathToFileURL(__filename).href;',
  },
  footer: { js: "})" },
});
const serverSource = readFileSync(join(dist, "server.cjs"), "utf8");
// (A readable bundle keeps comments, some of which mention import(): only lines of code count.)
if (/^(?!\s*(\/\/|\*))[^\n]*\bimport\(/m.test(serverSource))
  throw new Error("dist/server.cjs has an import(): it would fail when loaded from the code cache");
const bundleId = createHash("sha256").update(serverSource).digest("hex").slice(0, 16);

// 1b. What server.cjs loads on first use, one CommonJS file each (no code cache: compiled when loaded, off the start),
//     resolved from the package that imports it, as in server.cjs.
for (const [name, { file, entry }] of Object.entries(onUse)) {
  const resolveDir = importerDirs.get(name);
  if (!resolveDir) throw new Error(`nothing in the server imports ${name}: remove it from onUse`);
  await build({
    ...common,
    stdin: { contents: `${entry(JSON.stringify(name))}\n`, resolveDir, loader: "js" },
    outfile: join(dist, `lazy/${file}.cjs`),
    format: "cjs",
    supported: { "dynamic-import": false },
  });
}

// 2. The server's entry (it runs server.cjs, whose hash names the cache): CommonJS too, since Node sets up its ES module
//    loader for an ES module entry, about 10 ms of every start (interleaved, 61 rounds).
await build({
  ...common,
  entryPoints: { index: join(root, "src/code-cache-entry.ts") },
  outdir: dist,
  outExtension: { ".js": ".cjs" },
  format: "cjs",
  define: { SERVER_BUNDLE_ID: JSON.stringify(bundleId) },
});

// 3. The ES modules: the release step that only applies migrations, and the build step that makes the PGlite template.
await build({
  ...common,
  entryPoints: {
    migrate: join(root, "src/migrate.ts"),
    "pglite-template": join(root, "src/pglite-template.ts"),
  },
  outdir: dist,
  outExtension: { ".js": ".mjs" },
  format: "esm",
  splitting: true,
  chunkNames: "chunks/[name]-[hash]",
  banner: { js: 'import { createRequire as __kitCreateRequire } from "node:module"; const require = __kitCreateRequire(import.meta.url);' },
});

cpSync(join(root, "../../packages/db/migrations"), join(dist, "migrations"), { recursive: true });
writeFileSync(join(dist, "runtime-externals.json"), `${JSON.stringify(runtimeExternals)}\n`);

// A fresh PGlite directory starts from this template (a migrated database with the job queue's tables) instead of
// running initdb, the migrations and the queue's setup: about 3 s less on a first start (docs/performance.md).
execFileSync(process.execPath, [join(dist, "pglite-template.mjs"), dist], { stdio: "inherit" });
