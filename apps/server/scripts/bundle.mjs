// Production bundle of the server: one ESM file with the workspace packages inlined, plus the committed migrations.
import { execFileSync } from "node:child_process";
import { cpSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
// `--outdir <dir>`: bundle elsewhere (the boot test starts a bundle of its own, leaving dist/ to `pnpm start`).
const outdirFlag = process.argv.indexOf("--outdir");
const dist = outdirFlag > 0 ? process.argv[outdirFlag + 1] : join(root, "dist");
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

await build({
  // The server, the release step that only applies migrations, and the build step that makes the PGlite template.
  entryPoints: {
    index: join(root, "src/index.ts"),
    migrate: join(root, "src/migrate.ts"),
    "pglite-template": join(root, "src/pglite-template.ts"),
  },
  outdir: dist,
  outExtension: { ".js": ".mjs" },
  // What is imported dynamically (Sentry, nodemailer, the PGlite-only paths) goes to chunks loaded on first use: the
  // cold start reads and compiles only what booting needs. Whitespace and syntax are minified (names are kept, so
  // stack traces stay readable), which also shortens compilation.
  splitting: true,
  chunkNames: "chunks/[name]-[hash]",
  minifyWhitespace: true,
  minifySyntax: true,
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  sourcemap: true,
  legalComments: "none",
  // PGlite loads its WebAssembly and data files next to its own module; pino spawns workers by file name; Peek's SDK
  // is loaded through require() at run time (its ESM build does not run under Node).
  external: ["@electric-sql/pglite", "pino", "pino-pretty", "@peektravel/app-utilities"],
  banner: { js: 'import { createRequire as __kitCreateRequire } from "node:module"; const require = __kitCreateRequire(import.meta.url);' },
  logLevel: "warning",
  plugins: [zodEnglishOnly],
});

cpSync(join(root, "../../packages/db/migrations"), join(dist, "migrations"), { recursive: true });

// A fresh PGlite directory starts from this template (a migrated database with the job queue's tables) instead of
// running initdb, the migrations and the queue's setup: about 3 s less on a first start (docs/performance.md).
execFileSync(process.execPath, [join(dist, "pglite-template.mjs"), dist], { stdio: "inherit" });
