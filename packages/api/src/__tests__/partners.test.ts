import { partners, partnerUserConnections, partnerUsers } from "@kit/db";
import { createTestDb, type TestDatabase } from "@kit/db/testing";
import type { AccountUser } from "@kit/peek";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  findPartnerByInstallId,
  isInstalled,
  listPartnersOfUser,
  upsertPartnerForInstallation,
  upsertPartnerUser,
} from "../services/partners";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDb();
});
beforeEach(() => t.reset());
afterAll(() => t.close());

const snapshot = (installId: string, accountId: string, name: string) => ({
  installId,
  accountId,
  name,
  platform: "peek" as const,
  isTest: false,
  installation: { status: "installed" as const, display_version: "1", install_id: installId },
  timezone: null,
  apiUrl: null,
  eventAt: new Date("2026-01-01T00:00:00Z"),
});
const user = (email: string | null, name: string | null = "Jane"): AccountUser => ({
  id: "u-1",
  email,
  name,
  isAdmin: false,
  primaryRole: null,
  locale: null,
});

describe("partners service", () => {
  it("finds a partner by installation id, and says whether it is installed", async () => {
    const partner = await upsertPartnerForInstallation(t.db, snapshot("install-1", "acct-1", "Acme"));
    expect(await findPartnerByInstallId(t.db, "install-1")).toMatchObject({ id: partner.id, name: "Acme" });
    expect(await findPartnerByInstallId(t.db, "install-2")).toBeNull();
    expect(isInstalled(partner)).toBe(true);
    expect(isInstalled({ appRegistryInstallation: { status: "uninstalled", display_version: "1", install_id: "x" } })).toBe(false);
    expect(isInstalled({ appRegistryInstallation: null })).toBe(false);
  });

  it("upserts a partner user by normalised email and connects them once", async () => {
    const acme = await upsertPartnerForInstallation(t.db, snapshot("install-1", "acct-1", "Acme"));
    const bay = await upsertPartnerForInstallation(t.db, snapshot("install-2", "acct-2", "Bay Tours"));
    const first = await upsertPartnerUser(t.db, acme.id, user("  Jane.Doe@Example.COM "));
    const again = await upsertPartnerUser(t.db, acme.id, user("jane.doe@example.com", null));
    const other = await upsertPartnerUser(t.db, bay.id, user("JANE.DOE@example.com", "Jane D."));
    expect(first).toMatchObject({ email: "jane.doe@example.com", name: "Jane" });
    expect(again?.id).toBe(first?.id);
    expect(again?.name).toBe("Jane");
    expect(other).toMatchObject({ id: first?.id, name: "Jane D." });
    expect(await t.db.$count(partnerUsers)).toBe(1);
    expect(await t.db.$count(partnerUserConnections)).toBe(2);
    expect((await listPartnersOfUser(t.db, first?.id ?? "")).map((p) => p.name)).toEqual(["Acme", "Bay Tours"]);
  });

  it("creates nobody for a user without a usable email", async () => {
    const acme = await upsertPartnerForInstallation(t.db, snapshot("install-1", "acct-1", "Acme"));
    expect(await upsertPartnerUser(t.db, acme.id, user(null))).toBeNull();
    expect(await upsertPartnerUser(t.db, acme.id, user("not an email"))).toBeNull();
    expect(await t.db.$count(partnerUsers)).toBe(0);
    expect(await t.db.$count(partners)).toBe(1);
  });
});
