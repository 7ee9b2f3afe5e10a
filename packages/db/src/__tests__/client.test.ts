import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { createDb } from "../client";
import { migrate, migrationState } from "../migrate";
import { partners } from "../schema";
import { createIsolatedTestDb } from "../testing";

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe("embedded PGlite", () => {
  it("keeps data in its directory across a close and reopen", async () => {
    const dir = mkdtempSync(join(tmpdir(), "kit-pglite-"));
    dirs.push(dir);
    const first = await createDb({ driver: "pglite", dataDir: join(dir, "nested") });
    await migrate(first);
    await first.db.insert(partners).values({ name: "Kept", externalRefid: "acct-keep" });
    await first.close();

    const second = await createDb({ driver: "pglite", dataDir: join(dir, "nested") });
    await migrate(second); // nothing pending: a no-op
    const rows = await second.db.select({ name: partners.name }).from(partners);
    await second.close();
    expect(rows).toEqual([{ name: "Kept" }]);
  }, 60_000); // initdb, the migrations and two starts of PGlite: about 7 s on a loaded 2-core machine
});

describe("migration state, and queries after close", () => {
  it("reports pending migrations on an empty database and none after migrating", async () => {
    const t = await createIsolatedTestDb({ migrated: false });
    const before = await migrationState(t);
    expect(before.ok).toBe(false);
    await migrate(t);
    const after = await migrationState(t);
    expect(after).toEqual({ ok: true, applied: after.expected, expected: expect.any(Number), unknown: 0 });
    // A migration the folder does not have (another version ran it) is counted apart, not as applied.
    await t.db.execute(sql`insert into drizzle.__drizzle_migrations (hash, created_at) values ('from-a-newer-version', 0)`);
    expect(await migrationState(t)).toEqual({ ok: true, applied: after.expected, expected: after.expected, unknown: 1 });
    await t.db.execute(sql`select 1`);
    await t.close();
    await expect(t.db.execute(sql`select 1`)).rejects.toThrow();
  });
});
