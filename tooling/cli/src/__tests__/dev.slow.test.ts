import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { mintPeekToken } from "@kit/peek";
import Fastify from "fastify";
import { afterAll, expect, it } from "vitest";
import { EMULATOR_REGISTRY_TOKEN, EmulatedRegistry } from "../emulator/registry";
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
  // The children run in process groups of their own, so every descendant is listed now and checked gone afterwards.
  const descendants = descendantsOf(child.pid as number);
  expect(descendants.length).toBeGreaterThanOrEqual(3);
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
  await expect.poll(() => descendants.filter(isAlive).map(commandOf), { timeout: 10_000 }).toEqual([]);
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

it("kit dev --tunnel creates the test app in the registry, points it at the (stubbed) tunnel, and the app answers as that test app", async () => {
  const registryPort = await freePort();
  const registryUrl = `http://127.0.0.1:${registryPort}`;
  const registryServer = Fastify();
  const registry = new EmulatedRegistry(registryUrl);
  registry.register(registryServer);
  await registryServer.listen({ port: registryPort, host: "127.0.0.1" });
  // The command writes .env.local and the test app's id at the repository root: keep the developer's, put them back.
  const kept = Object.fromEntries(
    [".env.local", ".peek-kit.json"].map((f) => [f, existsSync(join(repoRoot, f)) ? readFileSync(join(repoRoot, f)) : null]),
  );
  const config = mkdtempSync(join(tmpdir(), "kit-dev-tunnel-config-"));
  const [appPort, webPort, emulatorPort] = [await freePort(), await freePort(), await freePort()];
  const tunnelUrl = `http://localhost:${appPort}`; // the stubbed tunnel: the app's own address
  let dev: ChildProcess | undefined;
  try {
    dev = spawn("pnpm", ["dev", "--tunnel"], {
      cwd: repoRoot,
      env: childEnv({
        PORT: String(appPort),
        WEB_PORT: String(webPort),
        EMULATOR_ORIGIN: `http://127.0.0.1:${emulatorPort}`,
        DATA_DIR: dataDir,
        PGLITE_DIR: "memory",
        KIT_TUNNEL_URL: tunnelUrl,
        PEEK_REGISTRY_URL: registryUrl,
        PEEK_TOKEN: EMULATOR_REGISTRY_TOKEN,
        XDG_CONFIG_HOME: config,
      }),
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    let output = "";
    await new Promise<void>((resolve, reject) => {
      const onData = (chunk: Buffer) => {
        output += chunk;
        if (/Peek Pro\s+http/.test(output)) resolve();
      };
      dev?.stdout?.on("data", onData);
      dev?.stderr?.on("data", onData);
      dev?.on("exit", (code) => reject(new Error(`pnpm dev --tunnel exited (${code}):\n${output}`)));
      setTimeout(() => reject(new Error(`not ready within 180 s:\n${output}`)), 180_000).unref();
    });
    const appId = JSON.parse(String(kept[".peek-kit.json"] ?? "{}")).app?.id ?? "peek-app-kit";
    const testId = `${appId}-test-dev`;
    const test = registry.apps.get(testId);
    expect(test, output).toMatchObject({ is_test_app: true, test_app_for: appId });
    const published = test?.versions.find((v) => v.status === "published");
    expect(published?.base_url).toBe(tunnelUrl);
    expect(readFileSync(join(repoRoot, ".env.local"), "utf8")).toContain(`PEEK_APP_ID=${testId}`);
    expect(JSON.parse(readFileSync(join(repoRoot, ".peek-kit.json"), "utf8")).app.testId).toBe(testId);

    // Peek opens the published test app: its install webhook and its iframe landing, signed with the test app's secret.
    const secret = test?.shared_secret_key as string;
    const install = await fetch(`${published?.base_url}/registry/api/on-installation-status-change`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-peek-auth": `Bearer ${await mintPeekToken({ installId: "install-t", secret, user: null })}`,
      },
      body: JSON.stringify({
        status: "installed",
        install_id: "install-t",
        display_version: "1.0.0",
        account: { id: "7", name: "Tunnel Tours", platform: "peek", is_test: true },
      }),
    });
    expect(install.status, await install.text()).toBe(200);
    const user = { id: "u7", email: "dev@tunnel.example", name: "Dev" };
    const landing = await fetch(`${published?.base_url}/peek-pro/settings`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ "peek-auth": await mintPeekToken({ installId: "install-t", secret, user }) }),
    });
    expect(landing.status).toBe(200);
    expect(await landing.text()).toContain("kit-embed-session");
  } finally {
    if (dev?.pid) {
      try {
        process.kill(-dev.pid, "SIGINT");
      } catch {}
      await new Promise((resolve) => {
        dev?.once("exit", resolve);
        setTimeout(resolve, 20_000).unref();
      });
    }
    for (const [file, content] of Object.entries(kept)) {
      if (content === null) rmSync(join(repoRoot, file), { force: true });
      else writeFileSync(join(repoRoot, file), content);
    }
    await registryServer.close();
    rmSync(config, { recursive: true, force: true });
  }
});

/** Every process below `pid` (children, grandchildren…), from /proc. */
function descendantsOf(pid: number): number[] {
  const parentOf = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const ppid = Number(readFileSync(`/proc/${entry}/stat`, "utf8").split(") ")[1]?.split(" ")[1]);
      parentOf.set(ppid, [...(parentOf.get(ppid) ?? []), Number(entry)]);
    } catch {
      // gone in between
    }
  }
  const found: number[] = [];
  const walk = (p: number) => {
    for (const c of parentOf.get(p) ?? []) {
      found.push(c);
      walk(c);
    }
  };
  walk(pid);
  return found;
}
function isAlive(pid: number): boolean {
  try {
    // A zombie has exited; only its parent has not read its status yet.
    return !/^\S+ \(.*\) Z /.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return false;
  }
}
function commandOf(pid: number): string {
  try {
    return `${pid} ${readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ").trim()}`;
  } catch {
    return String(pid);
  }
}
