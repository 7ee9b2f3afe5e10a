import { readdirSync, writeFileSync } from "node:fs";
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

  it("explains a wrong subcommand", async () => {
    const result = await runner.kit("db", "drop");
    expect(result).toMatchObject({ code: 2, err: [expect.stringContaining("unknown command: kit db drop")] });
  });
});
