import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { findRepoRoot } from "@kit/config";
import { createDb, demoRecords, partners, partnerUsers } from "@kit/db";
import { afterAll, describe, expect, it } from "vitest";
import { kitRunner } from "../testing";

/** `kit db` on a real PGlite data directory, as a developer without Postgres has it. */
const runner = kitRunner();
const pgliteDir = join(runner.dataDir, "pglite");
runner.env.PGLITE_DIR = pgliteDir;
afterAll(() => runner.cleanup());

/**
 * `kit db studio` with a stand-in for `pnpm` first on its PATH: it records its arguments and who holds the PGlite
 * directory while it runs, instead of starting Drizzle Studio.
 */
const studioRunner = kitRunner();
const studioDir = join(studioRunner.dataDir, "pglite");
const studioRecord = join(studioRunner.dataDir, "studio-ran");
const fakeBin = join(studioRunner.dataDir, "bin");
mkdirSync(fakeBin);
writeFileSync(
  join(fakeBin, "pnpm"),
  `#!/bin/sh\nprintf '%s\\n' "$*" > '${studioRecord}'\ncat "$KIT_PGLITE_DIR.pid" >> '${studioRecord}'\n`,
  { mode: 0o755 },
);
Object.assign(studioRunner.env, { PGLITE_DIR: studioDir, PATH: `${fakeBin}:${process.env.PATH}` });
afterAll(() => studioRunner.cleanup());

describe("kit db", () => {
  it("migrates, reports status, and seeds idempotently", async () => {
    expect((await runner.kit("db", "status")).last).toMatch(/pending \(0 of \d+ applied\): run kit db migrate/);
    expect((await runner.kit("db", "migrate")).last).toBe("pglite: migrations applied");
    // The count is the migrations folder's, as the repository has it.
    const inFolder = readdirSync(join(findRepoRoot(import.meta.dirname), "packages/db/migrations")).filter((f) =>
      f.endsWith(".sql"),
    ).length;
    expect((await runner.kit("db", "status")).last).toBe(`pglite: up to date (${inFolder} of ${inFolder} migrations applied)`);
    expect((await runner.kit("db", "seed")).last).toBe("pglite: 3 partners, 3 users, 12 new demo records");
    expect((await runner.kit("db", "seed")).last).toBe("pglite: 3 partners, 3 users, 0 new demo records");

    const handle = await createDb({ driver: "pglite", dataDir: pgliteDir });
    try {
      expect(await handle.db.$count(partners)).toBe(3);
      expect(await handle.db.$count(partnerUsers)).toBe(3);
      expect(await handle.db.$count(demoRecords)).toBe(12);
    } finally {
      await handle.close();
    }
  });

  it("refuses to open a PGlite directory a live server holds", async () => {
    writeFileSync(`${pgliteDir}.pid`, String(process.ppid));
    const result = await runner.kit("db", "migrate");
    expect(result.code).toBe(1);
    expect(result.err.join()).toMatch(new RegExp(`is open in process ${process.ppid}: stop it first`));
  });

  it("refuses to start studio on a PGlite directory a live server holds", async () => {
    writeFileSync(`${studioDir}.pid`, String(process.ppid));
    const result = await studioRunner.kit("db", "studio");
    expect(result.code).toBe(1);
    expect(result.err.join()).toMatch(new RegExp(`is open in process ${process.ppid}: stop it first`));
    expect(existsSync(studioRecord)).toBe(false);
    expect(readFileSync(`${studioDir}.pid`, "utf8")).toBe(String(process.ppid));
  });

  it("holds the PGlite directory while studio runs, and releases it after", async () => {
    rmSync(`${studioDir}.pid`, { force: true });
    const result = await studioRunner.kit("db", "studio");
    expect(result.code).toBe(0);
    expect(readFileSync(studioRecord, "utf8")).toBe(`--filter @kit/db exec drizzle-kit studio\n${process.pid}`);
    expect(existsSync(`${studioDir}.pid`)).toBe(false);
  });

  it("explains a wrong subcommand", async () => {
    const result = await runner.kit("db", "drop");
    expect(result).toMatchObject({ code: 2, err: [expect.stringContaining("unknown command: kit db drop")] });
  });
});
