// pnpm test:pooler: the Postgres test files (*.pg.test.ts) through PgBouncer in transaction mode, as an app behind a
// hosted pooled URL runs: DATABASE_URL is the pooler, DATABASE_POOLER=transaction, DATABASE_DIRECT_URL is Postgres
// itself (migrations and session-level locks). Where PgBouncer or Postgres is missing, says so in one line and writes an
// empty report, so CI shows the skip instead of failing on it.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const repoRoot = resolve(import.meta.dirname, "../../../..");
const direct = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

function skip(reason: string): never {
  console.log(`[skipped] pooler suite: ${reason}`);
  const report = process.env.VITEST_JSON_REPORT;
  if (report) writeFileSync(report, JSON.stringify({ numPassedTests: 0, numFailedTests: 0, testResults: [] }));
  process.exit(0);
}

const pgbouncer = ["/usr/sbin/pgbouncer", "/usr/bin/pgbouncer"].find(existsSync);
if (!pgbouncer) skip("PgBouncer is not installed (apt-get install pgbouncer)");
try {
  execFileSync("pg_isready", ["-h", new URL(direct).hostname, "-p", new URL(direct).port || "5432", "-q"]);
} catch {
  skip(`no Postgres answers at ${new URL(direct).host}`);
}

const port = await new Promise<number>((done) => {
  const probe = createServer().listen(0, "127.0.0.1", () => {
    const address = probe.address();
    probe.close(() => done(typeof address === "object" && address ? address.port : 6432));
  });
});
const dir = mkdtempSync(join(tmpdir(), "kit-pgbouncer-"));
chmodSync(dir, 0o777);
const target = new URL(direct);
writeFileSync(join(dir, "users.txt"), `"${decodeURIComponent(target.username || "postgres")}" ""\n`);
writeFileSync(
  join(dir, "pgbouncer.ini"),
  [
    "[databases]",
    `* = host=${target.hostname} port=${target.port || "5432"}`,
    "[pgbouncer]",
    "listen_addr = 127.0.0.1",
    `listen_port = ${port}`,
    "unix_socket_dir =",
    "auth_type = trust",
    `auth_file = ${join(dir, "users.txt")}`,
    "pool_mode = transaction",
    "max_client_conn = 1000",
    "default_pool_size = 20",
    "ignore_startup_parameters = extra_float_digits",
    `logfile = ${join(dir, "pgbouncer.log")}`,
    `pidfile = ${join(dir, "pgbouncer.pid")}`,
  ].join("\n"),
);
// PgBouncer refuses to run as root: as root, it runs as the postgres user (Debian's package creates it).
const asRoot = process.getuid?.() === 0;
const bouncer: ChildProcess = asRoot
  ? spawn("runuser", ["-u", "postgres", "--", pgbouncer, "-q", join(dir, "pgbouncer.ini")], { stdio: "ignore" })
  : spawn(pgbouncer, ["-q", join(dir, "pgbouncer.ini")], { stdio: "ignore" });
/** PgBouncer itself (runuser does not pass signals on), by its pid file. */
const stop = () => {
  try {
    process.kill(Number(readFileSync(join(dir, "pgbouncer.pid"), "utf8").trim()), "SIGTERM");
  } catch {
    // not started, or gone
  }
  if (bouncer.exitCode === null) bouncer.kill("SIGTERM");
};
process.on("exit", () => {
  stop();
  rmSync(dir, { recursive: true, force: true });
});

const pooled = new URL(direct);
pooled.port = String(port);
const deadline = Date.now() + 10_000;
for (;;) {
  try {
    execFileSync("pg_isready", ["-h", "127.0.0.1", "-p", String(port), "-q"]);
    break;
  } catch {
    if (Date.now() > deadline || bouncer.exitCode !== null) {
      console.error(existsSync(join(dir, "pgbouncer.log")) ? readFileSync(join(dir, "pgbouncer.log"), "utf8") : "no PgBouncer log");
      throw new Error("PgBouncer did not start");
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}
console.log(`pooler suite: *.pg.test.ts through PgBouncer (transaction mode) at 127.0.0.1:${port}, migrations direct to ${target.host}`);

const tests = spawn("pnpm", ["exec", "vitest", "run", ".pg.test.ts"], {
  cwd: repoRoot,
  stdio: "inherit",
  env: { ...process.env, DATABASE_URL: pooled.toString(), DATABASE_POOLER: "transaction", DATABASE_DIRECT_URL: direct },
});
const code = await new Promise<number>((done) => tests.on("exit", (c) => done(c ?? 1)));
if (code !== 0 && existsSync(join(dir, "pgbouncer.log")))
  console.error(readFileSync(join(dir, "pgbouncer.log"), "utf8").split("\n").slice(-40).join("\n"));
process.exit(code);
