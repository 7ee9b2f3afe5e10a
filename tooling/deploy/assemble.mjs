// Assembles the release: the server bundle (workspace packages inlined, migrations beside it), the built SPA and widget,
// app.json, and a package.json naming only the server's runtime externals, for `npm install --omit=dev`.
// Usage: node tooling/deploy/assemble.mjs <out-dir>   (after `turbo run build` of server, web and widget)
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const out = resolve(process.argv[2] ?? "");
if (!process.argv[2]) {
  console.error("usage: node tooling/deploy/assemble.mjs <out-dir>");
  process.exit(2);
}

const BUILT = ["apps/server/dist", "apps/web/dist", "packages/widget/dist"];

for (const dir of BUILT) {
  if (!existsSync(join(repoRoot, dir))) {
    console.error(`${dir} is missing: build first (turbo run build --filter=@kit/server... --filter=@kit/web --filter=@kit/widget)`);
    process.exit(1);
  }
}

/** What the server bundle leaves external and must be installed beside it, as the bundle step recorded it. */
const RUNTIME_EXTERNALS = JSON.parse(readFileSync(join(repoRoot, "apps/server/dist/runtime-externals.json"), "utf8"));

const catalog = Object.fromEntries(
  [...readFileSync(join(repoRoot, "pnpm-workspace.yaml"), "utf8").matchAll(/^\s+"?([@\w./-]+)"?:\s*([\w.-]+)\s*$/gm)].map((m) => [
    m[1],
    m[2],
  ]),
);
const rootManifest = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8"));
const dependencies = Object.fromEntries(
  RUNTIME_EXTERNALS.map((name) => {
    if (!catalog[name]) throw new Error(`${name} has no version in the pnpm catalog`);
    return [name, catalog[name]];
  }),
);

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
for (const dir of BUILT)
  cpSync(join(repoRoot, dir), join(out, dir), {
    recursive: true,
    // Source maps only for the server; no V8 code cache of this machine's starts (the release writes its own).
    filter: (src) => (!src.endsWith(".map") || dir.startsWith("apps/server")) && !src.endsWith(".v8cache"),
  });
cpSync(join(repoRoot, "app.json"), join(out, "app.json"));
// The server finds its root (for app.json, the SPA and the widget) by this file.
writeFileSync(
  join(out, "pnpm-workspace.yaml"),
  "# release root marker: the server resolves app.json and the built assets from here\npackages: []\n",
);
writeFileSync(
  join(out, "package.json"),
  `${JSON.stringify(
    {
      name: `${rootManifest.name}-release`,
      private: true,
      type: "module",
      engines: rootManifest.engines,
      scripts: { start: "node apps/server/dist/index.cjs", migrate: "node apps/server/dist/migrate.mjs" },
      dependencies,
    },
    null,
    2,
  )}\n`,
);
console.log(`release assembled in ${out}: ${BUILT.join(", ")}, app.json; runtime dependencies ${Object.keys(dependencies).join(", ")}`);
