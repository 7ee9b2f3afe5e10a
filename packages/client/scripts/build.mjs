// Builds the publishable client: one ESM file (dependencies stay external) and declarations in which the router is
// written out in full, so nothing in dist/ refers to `@kit/*` source. Fails if anything in dist/ still does.
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { routerDeclarations } from "./router-types.mjs";

const packageDir = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const dist = path.join(packageDir, "dist");
const manifest = JSON.parse(readFileSync(path.join(packageDir, "package.json"), "utf8"));
rmSync(dist, { recursive: true, force: true });

await build({
  entryPoints: [path.join(packageDir, "src/index.ts")],
  outfile: path.join(dist, "index.js"),
  bundle: true,
  format: "esm",
  platform: "neutral",
  target: "es2022",
  external: Object.keys(manifest.dependencies),
  legalComments: "none",
  logLevel: "warning",
});

const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
execFileSync(process.execPath, [tsc, "-p", path.join(packageDir, "tsconfig.build.json")], { stdio: "inherit" });
writeFileSync(path.join(dist, "router.d.ts"), routerDeclarations(packageDir));

const leaks = readdirSync(dist, { recursive: true })
  .map(String)
  .filter((file) => /\.(js|ts)$/.test(file) && readFileSync(path.join(dist, file), "utf8").includes("@kit/"));
if (leaks.length) throw new Error(`dist/ still refers to workspace packages: ${leaks.join(", ")}`);
console.log(`@kit/client built: ${readdirSync(dist).join(", ")}`);
