import { createSession, upsertPartnerForInstallation, upsertPartnerUser } from "@kit/api";
import { type Database, demoRecords } from "@kit/db";

export interface Seeded {
  installIds: string[];
  sessionTokens: string[];
}

/** 50 partners with a user each, 1 000 demo records per partner, 200 sessions — the bench's data set. */
export async function seedBenchData(db: Database, options = { partners: 50, recordsPerPartner: 1_000, sessions: 200 }): Promise<Seeded> {
  const installIds: string[] = [];
  const sessionTokens: string[] = [];
  const now = new Date();
  for (let p = 0; p < options.partners; p += 1) {
    const installId = `bench-install-${p}`;
    installIds.push(installId);
    const partner = await upsertPartnerForInstallation(db, {
      installId,
      accountId: `bench-acct-${p}`,
      name: `Bench Partner ${p}`,
      platform: "peek",
      isTest: false,
      installation: { status: "installed", display_version: "1.0.0", install_id: installId },
      timezone: "America/Los_Angeles",
      apiUrl: null,
      eventAt: now,
    });
    const user = await upsertPartnerUser(db, partner.id, {
      id: `u${p}`,
      email: `bench${p}@example.com`,
      name: `Bench ${p}`,
      isAdmin: false,
      primaryRole: null,
      locale: "en",
    });
    const rows = Array.from({ length: options.recordsPerPartner }, (_, r) => ({
      partnerId: partner.id,
      name: `Record ${p}-${r}`,
      description: `Benchmark record ${r} of partner ${p}`,
      count: r,
      rating: (r % 50) / 10,
      price: `${r}.50`,
      active: r % 2 === 0,
      tags: ["bench", `t${r % 7}`],
      publishedOn: "2026-06-01",
      status: (["draft", "published", "archived"] as const)[r % 3],
      createdAt: new Date(now.getTime() - r * 60_000),
    }));
    for (let i = 0; i < rows.length; i += 500) await db.insert(demoRecords).values(rows.slice(i, i + 500));
    const perPartner = Math.ceil(options.sessions / options.partners);
    for (let s = 0; s < perPartner && sessionTokens.length < options.sessions; s += 1) {
      if (!user) break;
      const session = await createSession(db, { partnerUserId: user.id, partnerId: partner.id, kind: "embed", ttlSeconds: 86_400, now });
      sessionTokens.push(session.token);
    }
  }
  return { installIds, sessionTokens };
}
