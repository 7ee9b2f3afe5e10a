import type { Database, Partner } from "@kit/db";
import { type InternalTokenConfig, verifyInternalToken } from "./internal-tokens";
import { findPartnerByInstallId, isInstalled } from "./partners";
import type { SessionCache } from "./session-cache";
import { type VerifiedSession, verifySession } from "./sessions";

/**
 * The partner an `Authorization: Bearer` token acts for, checked the way partner procedures check it: a service JWT
 * (`INTERNAL_API_SECRET`) for an installed partner, or a live app session. Null when the token is neither.
 */
export async function partnerOfBearerToken(
  db: Database,
  token: string,
  internalTokens: InternalTokenConfig | null,
  now: Date,
  sessionCache: SessionCache<VerifiedSession> | null = null,
): Promise<{ partner: Partner } | null> {
  if (token.split(".").length === 3) {
    const verified = await verifyInternalToken(token, internalTokens, now);
    if (!verified.ok) return null;
    const partner = await findPartnerByInstallId(db, verified.installId);
    return partner && isInstalled(partner) ? { partner } : null;
  }
  const session = await verifySession(db, token, now, sessionCache);
  return session ? { partner: session.partner } : null;
}
