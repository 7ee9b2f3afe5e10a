import type { Database, Partner, PartnerUser } from "@kit/db";
import type { AccountUser } from "@kit/peek";
import { findPartnerByInstallId, isInstalled, upsertPartnerUser } from "./partners";
import { createSession, type NewSession } from "./sessions";

export type EmbedSessionResult =
  | { ok: true; session: NewSession; partner: Partner; user: PartnerUser }
  /** `no_user`: a system token, or a user without a usable email. `pending`: the install webhook has not arrived yet. */
  | { ok: false; reason: "no_user" | "pending" | "uninstalled" };

/**
 * Turns a verified Peek token into an embed session: the partner must be installed and the token must speak for a
 * user, who is upserted (email lower-cased) and connected to the partner.
 */
export async function startEmbedSession(
  db: Database,
  peek: { installId: string; user: AccountUser | null },
  options: { ttlSeconds: number; now: Date },
): Promise<EmbedSessionResult> {
  const partner = await findPartnerByInstallId(db, peek.installId);
  if (!partner) return { ok: false, reason: "pending" };
  if (!isInstalled(partner)) return { ok: false, reason: "uninstalled" };
  if (!peek.user) return { ok: false, reason: "no_user" };
  const accountUser = peek.user;
  return db.transaction(async (tx) => {
    const user = await upsertPartnerUser(tx, partner.id, accountUser);
    if (!user) return { ok: false, reason: "no_user" } as const;
    const session = await createSession(tx, {
      partnerUserId: user.id,
      partnerId: partner.id,
      kind: "embed",
      ttlSeconds: options.ttlSeconds,
      now: options.now,
    });
    return { ok: true, session, partner, user } as const;
  });
}
