import { type ChildProcess, execFile, spawn } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { mintPeekToken } from "@kit/peek";
import { freePort } from "@kit/peek/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/**
 * What an internal app outside this workspace does: install the packed tarball with npm, type-check against it
 * (correct use passes, wrong use fails), and call the production server build.
 */
const run = promisify(execFile);
const packageDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const repoRoot = path.resolve(packageDir, "../..");
const serverEntry = path.join(repoRoot, "apps/server/dist/index.cjs");
const SECRETS = { PEEK_APP_SECRET: "packed-peek-secret-0123456789abcdef", INTERNAL_API_SECRET: "packed-internal-secret-0123456789abcdef" };

let work: string;
let consumer: string;
let tarball: string;
let server: ChildProcess | undefined;
let serverLog = "";

beforeAll(async () => {
  work = mkdtempSync(path.join(tmpdir(), "kit-client-packed-"));
  await run(process.execPath, [path.join(packageDir, "scripts/build.mjs")], { cwd: packageDir });
  if (!existsSync(serverEntry)) await run("pnpm", ["--filter", "@kit/server", "build"], { cwd: repoRoot });
  await run("pnpm", ["pack", "--pack-destination", work], { cwd: packageDir });
  const packed = readdirSync(work).find((file) => file.endsWith(".tgz"));
  if (!packed) throw new Error("pnpm pack wrote no tarball");
  tarball = path.join(work, packed);
  consumer = path.join(work, "consumer");
  cpSync(path.join(packageDir, "fixture"), consumer, { recursive: true });
  await run("npm", ["install", "--no-audit", "--no-fund", "--ignore-scripts", "--loglevel=error", tarball], { cwd: consumer });
});

afterAll(async () => {
  server?.kill("SIGTERM");
  if (work) rmSync(work, { recursive: true, force: true });
});

const tsc = (project: string) =>
  run(process.execPath, [path.join(consumer, "node_modules/typescript/bin/tsc"), "-p", project], { cwd: consumer }).then(
    () => ({ code: 0, output: "" }),
    (error: { code?: number; stdout?: string }) => ({ code: error.code ?? 1, output: error.stdout ?? "" }),
  );

describe("the packed @kit/client, installed outside the workspace", () => {
  it("is a self-contained package: dist only, no workspace references, no server code", () => {
    const installed = path.join(consumer, "node_modules/@kit/client");
    expect(readdirSync(installed).sort()).toEqual(["dist", "package.json"]);
    const manifest = JSON.parse(readFileSync(path.join(installed, "package.json"), "utf8"));
    expect(manifest.exports["."]).toEqual({ types: "./dist/index.d.ts", import: "./dist/index.js" });
    expect(Object.keys(manifest.dependencies).sort()).toEqual(["@trpc/client", "@trpc/server", "jose", "superjson"]);
    for (const file of readdirSync(path.join(installed, "dist"))) {
      expect(readFileSync(path.join(installed, "dist", file), "utf8"), file).not.toContain("@kit/");
    }
    expect(existsSync(path.join(consumer, "node_modules/@kit/api"))).toBe(false);
    expect(existsSync(path.join(consumer, "node_modules/drizzle-orm"))).toBe(false);
  });

  it("type-checks correct use (strict), with real types rather than any", async () => {
    const result = await tsc("tsconfig.json");
    expect(result.output).toBe("");
    expect(result.code).toBe(0);
  });

  it("ships declarations that are themselves error-free (checked with skipLibCheck off)", async () => {
    writeFileSync(
      path.join(consumer, "tsconfig.libcheck.json"),
      JSON.stringify({ extends: "./tsconfig.json", compilerOptions: { skipLibCheck: false, noEmit: true } }),
    );
    const result = await tsc("tsconfig.libcheck.json");
    // @trpc/server's own declarations name the optional `ws` package; ours must have no error at all.
    expect(result.output.split("\n").filter((line) => line.includes("@kit/client"))).toEqual([]);
  });

  it("fails the type-check on every wrong use, and only there", async () => {
    const source = readFileSync(path.join(consumer, "bad/wrong-input.ts"), "utf8").split("\n");
    const marked = source.flatMap((line, index) => (line.includes("// ✗") ? [index + 1] : []));
    const result = await tsc("tsconfig.bad.json");
    expect(result.code).not.toBe(0);
    const failedLines = [...result.output.matchAll(/bad\/wrong-input\.ts\((\d+),\d+\): error TS\d+/g)].map((m) => Number(m[1]));
    expect([...new Set(failedLines)].sort((a, b) => a - b)).toEqual(marked);
    expect(marked).toHaveLength(7);
  });

  it("calls the production server build and gets typed data back", async () => {
    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    const dataDir = path.join(work, "data");
    mkdirSync(dataDir);
    server = spawn(process.execPath, [serverEntry], {
      cwd: repoRoot,
      env: {
        PATH: process.env.PATH,
        NODE_ENV: "test",
        PORT: String(port),
        HOST: "127.0.0.1",
        APP_URL: baseUrl,
        PGLITE_DIR: "memory",
        DATA_DIR: dataDir,
        LOG_LEVEL: "warn",
        INTERNAL_API_ISSUERS: "consumer-app",
        CLIENT_SECRET_TOKEN: "packed-client-secret-0123456789abcdef",
        ...SECRETS,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    server.stdout?.on("data", (chunk) => (serverLog += chunk));
    server.stderr?.on("data", (chunk) => (serverLog += chunk));
    await waitForReady(baseUrl);

    const installId = "packed-install-1";
    const webhook = await fetch(`${baseUrl}/registry/api/on-installation-status-change`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-peek-auth": `Bearer ${await mintPeekToken({ installId, secret: SECRETS.PEEK_APP_SECRET, user: null })}`,
      },
      body: JSON.stringify({
        status: "installed",
        install_id: installId,
        display_version: "1.0.0",
        account: { id: "acct-1", name: "Packed Tours", platform: "cng", is_test: true },
      }),
    });
    expect(webhook.status).toBe(200);

    const { stdout } = await run(process.execPath, [path.join(consumer, "out/use-client.js")], {
      cwd: consumer,
      env: { PATH: process.env.PATH, KIT_URL: baseUrl, INTERNAL_API_SECRET: SECRETS.INTERNAL_API_SECRET, INSTALL_ID: installId },
    });
    expect(JSON.parse(stdout)).toEqual({
      partner: "Packed Tours",
      user: null,
      created: "Made by the consumer",
      listed: ["Made by the consumer"],
      insertedAtIsDate: true,
      notFound: "NOT_FOUND",
    });
  });
});

describe("the written-out router type", () => {
  it("has exactly the server's inputs and outputs", async () => {
    const dir = mkdtempSync(path.join(packageDir, ".parity-"));
    try {
      writeFileSync(
        path.join(dir, "parity.ts"),
        [
          'import type { AppRouter } from "@kit/api";',
          'import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";',
          'import type { KitRouter } from "../dist/router.js";',
          "type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;",
          "export const inputs: Equal<inferRouterInputs<KitRouter>, inferRouterInputs<AppRouter>> = true;",
          "export const outputs: Equal<inferRouterOutputs<KitRouter>, inferRouterOutputs<AppRouter>> = true;",
          "",
        ].join("\n"),
      );
      writeFileSync(
        path.join(dir, "tsconfig.json"),
        JSON.stringify({ extends: "../tsconfig.json", include: ["parity.ts"], compilerOptions: { noEmit: true } }),
      );
      const tscBin = path.join(repoRoot, "node_modules/typescript/bin/tsc");
      const bin = existsSync(tscBin) ? tscBin : path.join(packageDir, "node_modules/typescript/bin/tsc");
      const result = await run(process.execPath, [bin, "-p", dir]).then(
        () => "",
        (error: { stdout?: string }) => error.stdout ?? "failed",
      );
      expect(result).toBe("");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

async function waitForReady(baseUrl: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (server?.exitCode !== null) throw new Error(`the server exited:\n${serverLog}`);
    const ok = await fetch(`${baseUrl}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`the server was not ready within 60 s:\n${serverLog}`);
}
