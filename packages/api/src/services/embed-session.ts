import type { Database, Partner, PartnerUser } from "@kit/db";
import type { AccountUser } from "@kit/peek";
import { type Executor, findPartnerByInstallId, isInstalled, upsertPartnerUser } from "./partners";
import { createSession, type NewSession } from "./sessions";

export type EmbedSessionResult =
  | { ok: true; session: NewSession; partner: Partner; user: PartnerUser }
  /** `no_user`: a system token, or a user without a usable email. `pending`: the install webhook has not arrived yet. */
  | { ok: false; reason: "no_user" | "pending" | "uninstalled" };

export type PeekCallerResult =
  | { ok: true; partner: Partner; user: PartnerUser }
  | { ok: false; reason: "no_user" | "pending" | "uninstalled" };

/**
 * Who a verified Peek token speaks for: an installed partner and a user, who is upserted (email lower-cased) and
 * connected to the partner. A token without a user (a webhook's) speaks for no one here.
 */
export async function resolvePeekCaller(db: Executor, peek: { installId: string; user: AccountUser | null }): Promise<PeekCallerResult> {
  const partner = await findPartnerByInstallId(db, peek.installId);
  if (!partner) return { ok: false, reason: "pending" };
  if (!isInstalled(partner)) return { ok: false, reason: "uninstalled" };
  if (!peek.user) return { ok: false, reason: "no_user" };
  const user = await upsertPartnerUser(db, partner.id, peek.user);
  return user ? { ok: true, partner, user } : { ok: false, reason: "no_user" };
}

/** Turns a verified Peek token into an embed session for the user it speaks for (see {@link resolvePeekCaller}). */
export async function startEmbedSession(
  db: Database,
  peek: { installId: string; user: AccountUser | null },
  options: { ttlSeconds: number; now: Date },
): Promise<EmbedSessionResult> {
  return db.transaction(async (tx) => {
    const caller = await resolvePeekCaller(tx, peek);
    if (!caller.ok) return caller;
    const { partner, user } = caller;
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
