import { createDemoRecord, upsertPartnerForInstallation, upsertPartnerUser } from "@kit/api";
import { type Database, demoRecords } from "@kit/db";
import { demoRecordInputSchema } from "@kit/db/validators";
import { eq } from "drizzle-orm";

const PARTNERS = [
  {
    installId: "seed-acme-tours",
    accountId: "900001",
    name: "Acme Tours",
    platform: "peek",
    isTest: false,
    email: "jane@acme-tours.example.com",
  },
  {
    installId: "seed-harbor-kayaks",
    accountId: "900002",
    name: "Harbor Kayaks",
    platform: "cng",
    isTest: false,
    email: "sam@harbor-kayaks.example.com",
  },
  {
    installId: "seed-sandbox",
    accountId: "900003",
    name: "Sandbox Adventures",
    platform: "acme",
    isTest: true,
    email: "dev@sandbox.example.com",
  },
] as const;

const RECORDS = [
  { name: "Sunrise paddle", status: "published", count: 12, rating: 4.5, price: "49.00", tags: ["water", "morning"] },
  { name: "Harbor history walk", status: "published", count: 30, rating: 4.8, price: "25.00", tags: ["walking"] },
  { name: "Night kayak (draft)", status: "draft", count: 8, rating: null, price: "65.00", tags: ["water", "night"] },
  { name: "Winter closure notice", status: "archived", count: null, rating: null, price: null, tags: [] },
] as const;

/** A few partners with a user each and demo records; running it again changes nothing. */
export async function seed(db: Database): Promise<{ partners: number; users: number; records: number }> {
  let records = 0;
  for (const p of PARTNERS) {
    const partner = await db.transaction((tx) =>
      upsertPartnerForInstallation(tx, {
        installId: p.installId,
        accountId: p.accountId,
        name: p.name,
        platform: p.platform,
        isTest: p.isTest,
        installation: { status: "installed", display_version: "0.0.1", install_id: p.installId },
        timezone: "America/Los_Angeles",
        apiUrl: null,
        eventAt: new Date(),
      }),
    );
    await upsertPartnerUser(db, partner.id, {
      id: null,
      email: p.email,
      name: p.name.split(" ")[0] ?? null,
      isAdmin: true, // each partner's one person administers it (settings, people)
      primaryRole: null,
      locale: "en",
    });
    if ((await db.$count(demoRecords, eq(demoRecords.partnerId, partner.id))) > 0) continue;
    for (const r of RECORDS) {
      const values = demoRecordInputSchema.parse({
        ...r,
        tags: [...r.tags],
        active: r.status === "published",
        description: `${r.name} at ${p.name}`,
      });
      await createDemoRecord(db, partner.id, values);
      records += 1;
    }
  }
  return { partners: PARTNERS.length, users: PARTNERS.length, records };
}
