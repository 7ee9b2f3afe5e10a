import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
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
});
