// `pnpm typecheck`: the whole workspace in two TypeScript programs, one for the packages that run on Node and one for
// those with the DOM, instead of one program per package. Packages import each other's sources, so a program per
// package checked the shared ones again and again (13 programs, about 100 s of CPU here; two take about 25 s).
//
// Each package's `tsconfig.json` says what it includes and how it is checked. Within a group, `lib` and `types` are
// merged and `allowImportingTsExtensions` holds where any package sets it; any other option that differs between two
// packages of a group stops the check with both names, so no package is checked more loosely than its own config says
// without it being written here. What the merge lets through: a DOM package whose `types` leaves out Node's (packages/ui)
// sees them here, and a package sees the other packages' module augmentations (apps/server's of Fastify).
// `pnpm --filter <package> typecheck` still checks one package alone.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative, resolve } from "node:path";

const root = resolve(import.meta.dirname, "../..");
const out = join(root, "node_modules/.cache/kit-typecheck");
/** Options merged across a group rather than required to agree (`jsx` only lets a file contain JSX). */
const MERGED = new Set(["lib", "types", "allowImportingTsExtensions", "jsx"]);

/** The workspace's package folders, from `pnpm-workspace.yaml`'s `packages:` globs (`dir/*` or a plain folder). */
function workspacePackages() {
  const yaml = readFileSync(join(root, "pnpm-workspace.yaml"), "utf8");
  const block = yaml.split(/^packages:\s*$/m)[1]?.split(/^\S/m)[0] ?? "";
  const globs = [...block.matchAll(/^\s+-\s+["']?([^"'\s]+)["']?\s*$/gm)].map((m) => m[1]);
  return globs.flatMap((glob) => {
    if (!glob.endsWith("/*")) return [join(root, glob)];
    const parent = join(root, glob.slice(0, -2));
    return readdirSync(parent, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => join(parent, entry.name));
  });
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new Error(`${relative(root, file)}: ${error.message}`);
  }
}

/** A tsconfig's compiler options with those of every config it extends (the nearer one wins). */
function compilerOptionsOf(file, config = readJson(file)) {
  const parent = config.extends
    ? compilerOptionsOf(
        config.extends.startsWith(".") ? resolve(dirname(file), config.extends) : createRequire(file).resolve(config.extends),
      )
    : {};
  return { ...parent, ...config.compilerOptions };
}

const packages = workspacePackages().flatMap((dir) => {
  const manifest = join(dir, "package.json");
  const tsconfig = join(dir, "tsconfig.json");
  if (!existsSync(manifest) || !existsSync(tsconfig) || !readJson(manifest).scripts?.typecheck) return [];
  const config = readJson(tsconfig);
  const options = compilerOptionsOf(tsconfig, config);
  const include = (config.include ?? ["**/*"]).map((entry) => resolve(dir, entry));
  const group = (options.lib ?? []).some((lib) => lib.toLowerCase() === "dom") ? "dom" : "node";
  return [{ name: relative(root, dir), options, include, group }];
});

/** One program's config: the group's options merged (see the top of this file), every package's includes. */
function programFor(group) {
  const members = packages.filter((p) => p.group === group);
  if (members.length === 0) return null;
  const options = { ...members[0].options };
  const keys = new Set(members.flatMap((m) => Object.keys(m.options)));
  for (const member of members) {
    for (const key of keys) {
      if (MERGED.has(key) || JSON.stringify(options[key]) === JSON.stringify(member.options[key])) continue;
      throw new Error(
        `${members[0].name} and ${member.name} differ in compilerOptions.${key}: make them agree, or give them a group of their own here`,
      );
    }
  }
  const union = (key) => [...new Set(members.flatMap((m) => m.options[key] ?? []))];
  options.lib = union("lib");
  options.types = union("types");
  options.allowImportingTsExtensions = members.some((m) => m.options.allowImportingTsExtensions === true);
  const jsx = members.find((m) => m.options.jsx)?.options.jsx;
  if (jsx) options.jsx = jsx;
  const file = join(out, `tsconfig.${group}.json`);
  const config = {
    compilerOptions: { ...options, noEmit: true, incremental: true, tsBuildInfoFile: `./${group}.tsbuildinfo` },
    include: members.flatMap((m) => m.include.map((path) => relative(out, path))),
  };
  writeFileSync(file, `${JSON.stringify(config, null, 2)}\n`);
  return { group, members, file };
}

mkdirSync(out, { recursive: true });
let programs;
try {
  programs = ["node", "dom"].map(programFor).filter(Boolean);
} catch (error) {
  console.error(`typecheck: ${error.message}`);
  process.exit(2);
}
const tsc = createRequire(join(root, "package.json")).resolve("typescript/bin/tsc");
const results = await Promise.all(
  programs.map(
    ({ group, members, file }) =>
      new Promise((done) => {
        const started = performance.now();
        const child = spawn(process.execPath, [tsc, "-p", file, "--pretty", String(process.stdout.isTTY === true)], {
          cwd: root,
          stdio: ["ignore", "pipe", "pipe"],
        });
        let output = "";
        child.stdout.on("data", (chunk) => (output += chunk));
        child.stderr.on("data", (chunk) => (output += chunk));
        child.on("close", (code) => {
          const seconds = ((performance.now() - started) / 1000).toFixed(1);
          const names = members.map((m) => m.name).join(", ");
          console.log(`typecheck ${group} (${names}): ${code === 0 ? "ok" : "failed"} in ${seconds} s`);
          if (output.trim()) console.log(output.trimEnd());
          done(code === 0);
        });
      }),
  ),
);
process.exit(results.every(Boolean) ? 0 : 1);
