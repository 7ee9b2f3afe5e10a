import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createDb, partners } from "@kit/db";
import { afterAll, describe, expect, it } from "vitest";

/** The real entry point in a child process, as `pnpm start` runs it (from source, through tsx). */
const serverDir = fileURLToPath(new URL("../..", import.meta.url));
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function start(env: Record<string, string>): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const base = { ...process.env };
  delete base.DATABASE_URL;
  const child = spawn(process.execPath, ["--import", "tsx", "src/index.ts"], {
    cwd: serverDir,
    env: { ...base, NODE_ENV: "development", LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk) => {
    output += chunk;
  });
  child.stderr?.on("data", (chunk) => {
    output += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, output: () => output, exited };
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function waitFor(check: () => boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe("booting the server", () => {
  it.each([
    [{ PORT: "abc" }, "PORT"],
    [{ DATABASE_URL: "not-a-url" }, "DATABASE_URL"],
    [{ NODE_ENV: "production", PEEK_APP_ID: "x", APP_URL: "https://x.example.com" }, "PEEK_APP_SECRET"],
  ])("exits non-zero with one line naming the variable (%o)", async (env, name) => {
    const server = start(env);
    expect(await server.exited).toBe(1);
    const lines = server.output().trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(name);
    expect(lines[0]).toMatch(/^Invalid environment: /);
  });

  it("serves on embedded PGlite with no configuration, stops cleanly on SIGTERM and keeps its data", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "kit-boot-"));
    dirs.push(dataDir);
    const port = await freePort();
    const env = { PORT: String(port), DATA_DIR: dataDir };
    const url = `http://127.0.0.1:${port}`;
    const usage = () =>
      fetch(`${url}/health`, { method: "POST", headers: { "content-type": "application/json" }, body: '{"checkType":"usage"}' }).then((r) =>
        r.json(),
      );

    const first = start(env);
    await waitFor(() => first.output().includes('"msg":"ready"'), 30_000);
    const health = await fetch(`${url}/health`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: '{"checkType":"health"}',
    });
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ ragStatus: "green" });
    expect(await usage()).toMatchObject({ installedPartners: 0 });
    expect(first.output()).toContain("PEEK_APP_SECRET is not set: using a development secret generated into");
    first.child.kill("SIGTERM");
    expect(await first.exited).toBe(0);

    // Written while the server is down, read by the next boot from the same directory.
    const db = await createDb({ driver: "pglite", dataDir: join(dataDir, "pglite") });
    await db.db.insert(partners).values({
      name: "Kept",
      externalRefid: "acct-1",
      appRegistryInstallation: { status: "installed", display_version: "1", install_id: "i-1" },
    });
    await db.close();

    const second = start(env);
    await waitFor(() => second.output().includes('"msg":"ready"'), 30_000);
    expect(await usage()).toMatchObject({ installedPartners: 1 });
    second.child.kill("SIGINT");
    expect(await second.exited).toBe(0);
  }, 90_000);
});
