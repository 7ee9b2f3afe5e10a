import { randomUUID } from "node:crypto";
import { type TokenFailure, verifyHsToken } from "@kit/peek";
import { SignJWT } from "jose";

/** Service-to-service tokens live at most this long: a leaked one is soon useless. */
export const INTERNAL_TOKEN_MAX_TTL_S = 300;

export interface InternalTokenConfig {
  secret: string;
  /** The internal apps allowed to call (`INTERNAL_API_ISSUERS`). */
  issuers: readonly string[];
}

export type InternalTokenResult = { ok: true; issuer: string; installId: string } | { ok: false; reason: TokenFailure | "not_configured" };

/** Verifies a token another internal app minted with `INTERNAL_API_SECRET`: HS256, allowlisted `iss`, `sub`, `exp` ≤ 5 min. */
export async function verifyInternalToken(token: string, config: InternalTokenConfig | null, now: Date): Promise<InternalTokenResult> {
  if (!config || config.issuers.length === 0) return { ok: false, reason: "not_configured" };
  const result = await verifyHsToken(
    token,
    { secrets: [config.secret], issuers: config.issuers, maxTtlSeconds: INTERNAL_TOKEN_MAX_TTL_S, clockToleranceSeconds: 5 },
    now,
  );
  return result.ok ? { ok: true, issuer: String(result.claims.iss), installId: result.subject } : result;
}

/** Mints a service-to-service token acting for one installation (for internal apps, tests and tooling). */
export function mintInternalToken(options: {
  issuer: string;
  installId: string;
  secret: string;
  ttlSeconds?: number;
  now?: Date;
}): Promise<string> {
  const now = Math.floor((options.now ?? new Date()).getTime() / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setIssuer(options.issuer)
    .setSubject(options.installId)
    .setIssuedAt(now)
    .setExpirationTime(now + (options.ttlSeconds ?? 120))
    .setJti(randomUUID())
    .sign(new TextEncoder().encode(options.secret));
}
