import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { createDb, partners } from "@kit/db";
import { createPostgresTestDb, hasTestPostgres } from "@kit/db/testing";
import { freePort } from "@kit/peek/testing";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureServerBuilt, SERVER_ENTRY } from "./server-process";

/**
 * The real entry point in a child process, as `pnpm start` runs it: the production bundle (built once for the suite),
 * started from a scratch directory. A slow suite: building and starting real processes takes ~30 s.
 */
const dirs: string[] = [];
const bootDir = mkdtempSync(join(tmpdir(), "kit-boot-"));
dirs.push(bootDir);
beforeAll(() => ensureServerBuilt(), 300_000);
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function start(env: Record<string, string>): {
  child: ChildProcess;
  output: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
} {
  const base = { ...process.env };
  delete base.DATABASE_URL;
  const child = spawn(process.execPath, [SERVER_ENTRY], {
    cwd: env.DATA_DIR ?? bootDir,
    env: { ...base, NODE_ENV: "development", LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  let stderr = "";
  child.stdout?.on("data", (chunk) => {
    output += chunk;
  });
  child.stderr?.on("data", (chunk) => {
    output += chunk;
    stderr += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, output: () => output, stderr: () => stderr, exited };
}

async function waitFor(check: () => boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A start that cannot succeed: exit 1, and stderr is one line that says what to do — no JSON, no stack. */
async function expectOneLineFailure(env: Record<string, string>, message: RegExp): Promise<void> {
  const server = start(env);
  expect(await server.exited).toBe(1);
  const lines = server.stderr().trim().split("\n");
  expect(lines, server.stderr()).toHaveLength(1);
  expect(lines[0]).toMatch(message);
  expect(lines[0]).not.toMatch(/^\{|\bat .*:\d+:\d+/);
}

const scratch = () => {
  const dir = mkdtempSync(join(tmpdir(), "kit-boot-"));
  dirs.push(dir);
  return dir;
};

describe("a start that cannot succeed says why in one line", () => {
  it("the database cannot be reached", async () => {
    await expectOneLineFailure(
      { DATABASE_URL: "postgres://kit@127.0.0.1:1/app", DATA_DIR: scratch() },
      /^Cannot reach the database at 127\.0\.0\.1:1 \(ECONNREFUSED\): start Postgres, fix DATABASE_URL, or unset DATABASE_URL to use the embedded database\.$/,
    );
  });

  it.skipIf(!process.env.DATABASE_URL)("the database does not exist", async () => {
    const url = new URL(process.env.DATABASE_URL as string);
    url.pathname = "/kit_no_such_database";
    await expectOneLineFailure(
      { DATABASE_URL: url.toString(), DATA_DIR: scratch() },
      /^The database "kit_no_such_database" does not exist on .*: create it \(createdb kit_no_such_database\), fix DATABASE_URL, or unset DATABASE_URL/,
    );
  });

  it("the port is in use", async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", resolve));
    const { port } = taken.address() as { port: number };
    // A migrated Postgres database when there is one (seconds faster than an embedded one).
    const database = hasTestPostgres ? await createPostgresTestDb() : null;
    try {
      await expectOneLineFailure(
        { PORT: String(port), DATA_DIR: scratch(), ...(database ? { DATABASE_URL: database.url } : { PGLITE_DIR: "memory" }) },
        new RegExp(`^Port ${port} on 127\\.0\\.0\\.1 is already in use: stop what uses it, or set PORT to another port\\.$`),
      );
    } finally {
      taken.close();
      await database?.close();
    }
  });

  it("the embedded database is open in another process", async () => {
    const dataDir = scratch();
    mkdirSync(join(dataDir, "pglite"), { recursive: true });
    writeFileSync(join(dataDir, "pglite.pid"), String(process.pid)); // this test process: alive
    await expectOneLineFailure({ DATA_DIR: dataDir }, /^Cannot open the embedded database: the PGlite database .* is open in process \d+/);
    // The release step's migrations claim it the same way.
    const base = { ...process.env };
    delete base.DATABASE_URL;
    const migrated = spawnSync(process.execPath, [join(dirname(SERVER_ENTRY), "migrate.mjs")], {
      cwd: dataDir,
      env: { ...base, NODE_ENV: "development", DATA_DIR: dataDir },
      encoding: "utf8",
    });
    expect(migrated.status).toBe(1);
    expect(migrated.stderr.trim()).toMatch(/^migration failed: the PGlite database .* is open in process \d+/);
  });

  it("the migrations fail", async () => {
    const dataDir = scratch();
    // On a throwaway Postgres database when there is a server (seconds faster than an embedded one).
    const postgres = hasTestPostgres ? await createPostgresTestDb({ migrated: false }) : null;
    const db = postgres ?? (await createDb({ driver: "pglite", dataDir: join(dataDir, "pglite") }));
    await db.db.execute(sql`create table partners (id int)`); // in the way of the first migration
    if (!postgres) await db.close();
    try {
      await expectOneLineFailure(
        { DATA_DIR: dataDir, ...(postgres ? { DATABASE_URL: postgres.url } : {}) },
        /^Migrations failed \(42P07: relation "partners" already exists\): fix the database or the migration/,
      );
    } finally {
      await postgres?.close();
    }
  });
});

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

describe("the bundle's code cache", () => {
  it("is written once the first start is ready, used by the next, and a damaged one is compiled over and replaced", async () => {
    const dist = dirname(SERVER_ENTRY);
    const caches = () => readdirSync(dist).filter((file) => /^server\.[0-9a-f]{16}\.v8cache$/.test(file));
    for (const file of caches()) rmSync(join(dist, file));
    const dataDir = scratch();
    const boot = async (expected: "none" | "used" | "rejected") => {
      const server = start({ PORT: String(await freePort()), DATA_DIR: dataDir });
      await waitFor(() => server.output().includes('"msg":"ready"'), 30_000);
      const written = expected !== "used";
      if (written) await waitFor(() => server.output().includes("code cache written"), 10_000);
      server.child.kill("SIGTERM");
      expect(await server.exited).toBe(0);
      expect(server.output()).toContain(`"codeCache":"${expected}"`);
      expect(server.output().includes("code cache written")).toBe(written);
    };
    await boot("none");
    expect(caches()).toHaveLength(1);
    await boot("used");
    writeFileSync(join(dist, caches()[0] as string), Buffer.alloc(64 * 1024, 7));
    await boot("rejected");
    await boot("used");
    expect(caches()).toHaveLength(1);
  }, 90_000);
});

describe("what the bundle loads on first use", () => {
  it("is kept out of server.cjs, in files of its own that load and export what the server takes from them", async () => {
    const dist = dirname(SERVER_ENTRY);
    const server = readFileSync(join(dist, "server.cjs"), "utf8");
    // Sentry, nodemailer and pg-boss were 1.8 MB of a 3.9 MB server.cjs, read by every start (docs/performance.md).
    expect(server.length).toBeLessThan(2_600_000);
    // server.cjs reads each file as an ES module reads a CommonJS one (esbuild's `__toESM` in Node mode): the default
    // export is its `module.exports`. So does `import()` here, and the server's uses of each are checked on it.
    const takes = {
      sentry: "typeof m.default.init === 'function' && typeof m.default.captureException === 'function'",
      nodemailer: "typeof m.default.createTransport === 'function'",
      "pg-boss": "typeof m.default === 'function' && typeof m.default.prototype.start === 'function'",
    };
    for (const [file, check] of Object.entries(takes)) {
      expect(server).toContain(`__toESM(require("./lazy/${file}.cjs"),1)`);
      const url = pathToFileURL(join(dist, `lazy/${file}.cjs`)).href;
      const script = `const m = await import(${JSON.stringify(url)}); process.exit(${check} ? 0 : 3);`;
      const loaded = spawnSync(process.execPath, ["--input-type=module", "-e", script]);
      expect(loaded.status, `${file}: ${loaded.stderr}`).toBe(0);
    }
  });
});
