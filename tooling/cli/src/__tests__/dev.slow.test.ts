import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { childEnv, freePort } from "./slow-helpers";

const repoRoot = join(import.meta.dirname, "../../../..");
const dataDir = mkdtempSync(join(tmpdir(), "kit-dev-"));
let child: ChildProcess | undefined;
afterAll(() => {
  if (child?.pid) {
    try {
      process.kill(-child.pid, "SIGTERM");
    } catch {}
  }
  rmSync(dataDir, { recursive: true, force: true });
});

it("pnpm dev starts server, web and emulator, prints the three URLs, and the emulator page loads", async () => {
  const [appPort, webPort, emulatorPort] = [await freePort(), await freePort(), await freePort()];
  const urls = { app: `http://localhost:${appPort}`, web: `http://localhost:${webPort}`, emulator: `http://127.0.0.1:${emulatorPort}` };
  child = spawn("pnpm", ["dev"], {
    cwd: repoRoot,
    env: childEnv({
      PORT: String(appPort),
      APP_URL: urls.app,
      WEB_PORT: String(webPort),
      EMULATOR_ORIGIN: urls.emulator,
      DATA_DIR: dataDir,
      PGLITE_DIR: "memory",
    }),
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let output = "";
  const announced = new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk;
      if (/Peek Pro\s+http/.test(output)) resolve();
    };
    child?.stdout?.on("data", onData);
    child?.stderr?.on("data", onData);
    child?.on("exit", (code) => reject(new Error(`pnpm dev exited (${code}):\n${output}`)));
    setTimeout(() => reject(new Error(`no URLs within 180 s:\n${output}`)), 180_000).unref();
  });
  await announced;
  expect(output).toContain(`app        ${urls.app}`);
  expect(output).toContain(`web        ${urls.web}`);
  expect(output).toContain(`Peek Pro   ${urls.emulator}`);

  const page = await fetch(urls.emulator);
  expect(page.status).toBe(200);
  expect(await page.text()).toContain("Install app");
  expect((await fetch(`${urls.app}/livez`)).status).toBe(200);
  expect((await fetch(urls.web)).status).toBe(200);
  // Readable server logs in development (pino-pretty), not JSON.
  expect(output).toMatch(/\[server\] .*INFO.*ready/);
  expect(output).not.toMatch(/\[server\] \{"level"/);

  // Ctrl-C, as a terminal sends it (SIGINT to the whole foreground group): every child stops, the exit is clean.
  const before = output.length;
  const exited = new Promise<number | null>((resolve) => child?.once("exit", (code) => resolve(code)));
  process.kill(-(child.pid as number), "SIGINT");
  const code = await Promise.race([exited, new Promise<"timeout">((resolve) => setTimeout(() => resolve("timeout"), 30_000))]);
  const after = output.slice(before);
  expect(code, after).toBe(0);
  expect(after).not.toMatch(/ELIFECYCLE|ERR_PNPM|RECURSIVE_RUN_FIRST_FAIL/);
  const down = async (url: string) =>
    fetch(url, { signal: AbortSignal.timeout(2_000) }).then(
      () => false,
      () => true,
    );
  await expect.poll(() => down(`${urls.app}/livez`), { timeout: 10_000 }).toBe(true);
  await expect.poll(() => down(urls.web), { timeout: 10_000 }).toBe(true);
  await expect.poll(() => down(urls.emulator), { timeout: 10_000 }).toBe(true);
  child = undefined;
});

it("names EMULATOR_ORIGIN when the emulator's port is taken", async () => {
  const taken = createServer();
  const port = await freePort();
  await new Promise<void>((resolve) => taken.listen(port, "127.0.0.1", resolve));
  try {
    const run = spawn("pnpm", ["dev"], {
      cwd: repoRoot,
      env: childEnv({
        EMULATOR_ORIGIN: `http://127.0.0.1:${port}`,
        DATA_DIR: dataDir,
        PGLITE_DIR: "memory",
        PORT: String(await freePort()),
      }),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    run.stdout?.on("data", (chunk) => (output += chunk));
    run.stderr?.on("data", (chunk) => (output += chunk));
    const code = await new Promise<number | null>((resolve) => run.once("exit", resolve));
    expect(code).not.toBe(0);
    expect(output).toMatch(/EMULATOR_ORIGIN/);
    expect(output).not.toMatch(/EADDRINUSE|\bat .*:\d+:\d+/);
  } finally {
    await new Promise((resolve) => taken.close(resolve));
  }
});
