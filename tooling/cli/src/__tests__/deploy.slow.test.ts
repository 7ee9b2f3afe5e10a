import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { childEnv, freePort, runCommand } from "./slow-helpers";

/**
 * The deploy recipe without Docker (no engine here): the same build, the release tooling/deploy/Dockerfile copies,
 * its `npm install --omit=dev`, the release command, then the server started from the release alone.
 */
const repoRoot = join(import.meta.dirname, "../../../..");
const work = mkdtempSync(join(tmpdir(), "kit-deploy-"));
const release = join(work, "release");
let server: ChildProcess | undefined;
afterAll(() => {
  server?.kill("SIGKILL");
  rmSync(work, { recursive: true, force: true });
});

it("builds, assembles and starts the release the Dockerfile ships", async () => {
  const env = childEnv({ CI: "true", TURBO_TELEMETRY_DISABLED: "1" });
  const build = await runCommand(
    "pnpm",
    ["exec", "turbo", "run", "build", "--filter=@kit/server...", "--filter=@kit/web", "--filter=@kit/widget"],
    {
      cwd: repoRoot,
      env,
    },
  );
  expect(build.code, build.output.slice(-3000)).toBe(0);
  const assemble = await runCommand(process.execPath, [join(repoRoot, "tooling/deploy/assemble.mjs"), release], { cwd: repoRoot, env });
  expect(assemble.code, assemble.output).toBe(0);
  const manifest = JSON.parse(readFileSync(join(release, "package.json"), "utf8"));
  expect(Object.keys(manifest.dependencies).sort()).toEqual(["@electric-sql/pglite", "@peektravel/app-utilities"]);
  const install = await runCommand("npm", ["install", "--omit=dev", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"], {
    cwd: release,
    env,
  });
  expect(install.code, install.output).toBe(0);
  expect(existsSync(join(release, "node_modules/@kit"))).toBe(false);

  const port = await freePort();
  const appUrl = `http://127.0.0.1:${port}`;
  const runtime = childEnv({
    NODE_ENV: "production",
    PORT: String(port),
    HOST: "127.0.0.1",
    APP_URL: appUrl,
    PEEK_APP_ID: "deploy-test-app",
    PEEK_APP_SECRET: "deploy-test-secret-0123456789abcdef0123",
    CLIENT_SECRET_TOKEN: "deploy-test-client-secret-0123456789",
    PGLITE_DIR: join(work, "pglite"),
    LOG_LEVEL: "warn",
  });
  const migrate = await runCommand(process.execPath, ["apps/server/dist/migrate.mjs"], { cwd: release, env: runtime });
  expect(migrate.code, migrate.output).toBe(0);
  expect(migrate.output).toContain("migrations applied (pglite)");

  let log = "";
  server = spawn(process.execPath, ["apps/server/dist/index.cjs"], { cwd: release, env: runtime, stdio: ["ignore", "pipe", "pipe"] });
  server.stdout?.on("data", (chunk) => (log += chunk));
  server.stderr?.on("data", (chunk) => (log += chunk));
  const deadline = Date.now() + 60_000;
  let ready = false;
  while (!ready && Date.now() < deadline && server.exitCode === null) {
    ready = await fetch(`${appUrl}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (!ready) await new Promise((resolve) => setTimeout(resolve, 200));
  }
  expect(ready, log).toBe(true);

  const health = await fetch(`${appUrl}/health`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: '{"checkType":"health"}',
  });
  expect(await health.json()).toMatchObject({ ragStatus: "green" });
  const page = await fetch(`${appUrl}/`, { headers: { accept: "text/html" } });
  expect(page.status).toBe(200);
  expect(await page.text()).toMatch(/<script type="module"/);
  const widget = await fetch(`${appUrl}/widget/widget.js`);
  expect(widget.status).toBe(200);
  expect(widget.headers.get("etag")).toMatch(/^"/);

  const exited = new Promise<number | null>((resolve) => server?.on("exit", (code) => resolve(code)));
  server.kill("SIGTERM");
  expect(await exited).toBe(0);
});
