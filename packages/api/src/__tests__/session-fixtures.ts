import type { Database } from "@kit/db";
import { createInnerContext } from "../context";
import type { JobQueue } from "../jobs/job-queue";
import type { Logger } from "../logger";
import { createCaller } from "../root";
import { upsertPartnerForInstallation, upsertPartnerUser } from "../services/partners";
import { createSession } from "../services/sessions";

const silent: Logger = { info() {}, warn() {}, error() {} };

/** The partner of an installation as Peek's installation webhook would create it: installed, account `acct-<installId>`. */
export function installedPartner(
  db: Database,
  installId: string,
  options: { timezone?: string | null; platform?: "peek" | "cng"; apiUrl?: string | null; eventAt?: Date } = {},
) {
  return upsertPartnerForInstallation(db, {
    installId,
    accountId: `acct-${installId}`,
    name: `Partner ${installId}`,
    platform: options.platform ?? "peek",
    isTest: false,
    installation: { status: "installed", display_version: "1.0.0", install_id: installId },
    timezone: options.timezone ?? null,
    apiUrl: options.apiUrl ?? null,
    eventAt: options.eventAt ?? new Date(),
  });
}

/** An installed partner with a user and an embed session, and a tRPC caller acting through that session. */
export async function partnerCaller(
  db: Database,
  installId: string,
  options: { now?: Date; isAdmin?: boolean; email?: string; kind?: "embed" | "portal"; jobs?: JobQueue | null } = {},
) {
  const now = options.now ?? new Date();
  const partner = await installedPartner(db, installId);
  const user = await upsertPartnerUser(db, partner.id, {
    id: options.email ? `u-${options.email}` : "u",
    email: options.email ?? `${installId}@example.com`,
    name: "User",
    isAdmin: options.isAdmin ?? false,
    primaryRole: null,
    locale: null,
  });
  if (!user) throw new Error("no user");
  const { token } = await createSession(db, {
    partnerUserId: user.id,
    partnerId: partner.id,
    kind: options.kind ?? "embed",
    ttlSeconds: 3600,
    now,
  });
  const caller = createCaller(
    createInnerContext({ db, logger: silent, clock: () => now, jobs: options.jobs ?? null }, { bearerToken: token }),
  );
  return { partner, user, token, caller };
}
