import { readFileSync } from "node:fs";
import { join } from "node:path";
import { sql as drizzleSql, eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { migrationsFolder } from "../migrations-folder";
import { demoRecords, partners, partnerUserConnections, partnerUsers } from "../schema";
import { createTestDb, type TestDatabase } from "../testing";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDb();
});
beforeEach(() => t.reset());
afterAll(() => t.close());

/** Postgres error code of a failed query, whichever driver raised it (drizzle wraps driver errors in `cause`). */
function pgCode(error: unknown): string | undefined {
  let current: unknown = error;
  while (current && typeof current === "object") {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

async function insertPartner(overrides: Partial<typeof partners.$inferInsert> = {}) {
  const [row] = await t.db
    .insert(partners)
    .values({ name: "Acme Tours", externalRefid: "acct-1", ...overrides })
    .returning();
  if (!row) throw new Error("no row");
  return row;
}

describe("partners", () => {
  it("defaults platform to peek and is_test to false, with UUID ids and timestamps", async () => {
    const partner = await insertPartner();
    expect(partner.platform).toBe("peek");
    expect(partner.isTest).toBe(false);
    expect(partner.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(partner.createdAt).toBeInstanceOf(Date);
  });

  it("keeps opaque account and install ids as given", async () => {
    const partner = await insertPartner({ externalRefid: "acct:42/x", appRegistryInstallationRefid: "install-123" });
    expect(partner.externalRefid).toBe("acct:42/x");
    expect(partner.appRegistryInstallationRefid).toBe("install-123");
  });

  it("rejects a second partner with the same account on the same platform, allows it on another", async () => {
    await insertPartner();
    await expect(insertPartner()).rejects.toSatisfy((e) => pgCode(e) === "23505");
    await expect(insertPartner({ platform: "cng" })).resolves.toMatchObject({ platform: "cng" });
  });

  it("rejects a duplicate installation id but allows many partners without one", async () => {
    await insertPartner({ externalRefid: "a", appRegistryInstallationRefid: "install-1" });
    await expect(insertPartner({ externalRefid: "b", appRegistryInstallationRefid: "install-1" })).rejects.toSatisfy(
      (e) => pgCode(e) === "23505",
    );
    await insertPartner({ externalRefid: "c" });
    await insertPartner({ externalRefid: "d" });
    expect(await t.db.$count(partners)).toBe(3);
  });

  it("rejects an unknown platform at the database", async () => {
    await expect(insertPartner({ platform: "nope" as "peek" })).rejects.toSatisfy((e) => pgCode(e) === "23514");
  });

  it("stores the installation and api config as JSON objects", async () => {
    const installation = { status: "installed" as const, display_version: "1.0.0", install_id: "install-9" };
    const partner = await insertPartner({ appRegistryInstallation: installation, apiConfig: { url: null } });
    const [read] = await t.db.select().from(partners).where(eq(partners.id, partner.id));
    expect(read?.appRegistryInstallation).toEqual(installation);
    expect(read?.apiConfig).toEqual({ url: null });
  });
});

describe("migration 0007", () => {
  it("starts the retention clock of partners uninstalled before 0005 added uninstalled_at, and of no other", async () => {
    const installation = (status: "installed" | "uninstalled", id: string) => ({ status, display_version: "1", install_id: id });
    const old = await insertPartner({ externalRefid: "acct-old", appRegistryInstallation: installation("uninstalled", "i-1") });
    const live = await insertPartner({ externalRefid: "acct-live", appRegistryInstallation: installation("installed", "i-2") });
    const before = new Date(Date.now() - 1000);
    const sql = readFileSync(join(migrationsFolder, "0007_uninstalled_at_backfill.sql"), "utf8");
    await t.db.execute(drizzleSql.raw(sql));
    const [oldAfter] = await t.db.select().from(partners).where(eq(partners.id, old.id));
    const [liveAfter] = await t.db.select().from(partners).where(eq(partners.id, live.id));
    expect(oldAfter?.uninstalledAt?.getTime()).toBeGreaterThan(before.getTime());
    expect(liveAfter?.uninstalledAt).toBeNull();
  });
});

describe("partner users", () => {
  it("treats emails that differ only in case as the same user", async () => {
    await t.db.insert(partnerUsers).values({ email: "jane@example.com" });
    // Stored values must be normalised; the raw mixed-case insert is refused by the check...
    await expect(t.db.insert(partnerUsers).values({ email: "Jane@Example.com" })).rejects.toSatisfy((e) => pgCode(e) === "23514");
    // ...and the unique index catches the same address again.
    await expect(t.db.insert(partnerUsers).values({ email: "jane@example.com" })).rejects.toSatisfy((e) => pgCode(e) === "23505");
  });

  it("removes connections when either side is deleted", async () => {
    const partner = await insertPartner();
    const [user] = await t.db.insert(partnerUsers).values({ email: "a@b.c" }).returning();
    if (!user) throw new Error("no user");
    await t.db.insert(partnerUserConnections).values({ partnerId: partner.id, partnerUserId: user.id });
    await expect(t.db.insert(partnerUserConnections).values({ partnerId: partner.id, partnerUserId: user.id })).rejects.toSatisfy(
      (e) => pgCode(e) === "23505",
    );
    await t.db.delete(partners).where(eq(partners.id, partner.id));
    expect(await t.db.$count(partnerUserConnections)).toBe(0);
    expect(await t.db.$count(partnerUsers)).toBe(1);
  });
});

describe("demo records", () => {
  it("round-trips every field type exactly", async () => {
    const partner = await insertPartner();
    const values = {
      partnerId: partner.id,
      name: "Sunset cruise",
      description: "Long text",
      count: 7,
      rating: 4.5,
      price: "12.50",
      active: true,
      tags: ["boat", "evening"],
      publishedOn: "2026-02-28",
      alarmTime: "07:30:00",
      naiveEventAt: "2026-03-01 18:45:00",
      status: "published" as const,
    };
    const [row] = await t.db.insert(demoRecords).values(values).returning();
    expect(row).toMatchObject(values);
  });

  it("keeps a price beyond float precision as the exact decimal", async () => {
    const partner = await insertPartner();
    const [row] = await t.db.insert(demoRecords).values({ partnerId: partner.id, name: "x", price: "12345678901234567.89" }).returning();
    expect(row?.price).toBe("12345678901234567.89");
  });

  it("makes names unique per partner only", async () => {
    const a = await insertPartner({ externalRefid: "a" });
    const b = await insertPartner({ externalRefid: "b" });
    await t.db.insert(demoRecords).values({ partnerId: a.id, name: "Same" });
    await t.db.insert(demoRecords).values({ partnerId: b.id, name: "Same" });
    await expect(t.db.insert(demoRecords).values({ partnerId: a.id, name: "Same" })).rejects.toSatisfy((e) => pgCode(e) === "23505");
  });

  it("defaults active to false and status to draft, and rejects unknown statuses", async () => {
    const partner = await insertPartner();
    const [row] = await t.db.insert(demoRecords).values({ partnerId: partner.id, name: "n" }).returning();
    expect(row).toMatchObject({ active: false, status: "draft", price: null, tags: null });
    await expect(t.db.insert(demoRecords).values({ partnerId: partner.id, name: "m", status: "gone" as "draft" })).rejects.toSatisfy(
      (e) => pgCode(e) === "23514",
    );
  });
});
