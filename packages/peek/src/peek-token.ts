import { type AccountUser, accountUserFromClaims } from "./account-user";
import { type TokenFailure, verifyHsToken } from "./verify-token";

/** Issuers of the tokens Peek signs for an installation (iframe and webhooks). */
export const DEFAULT_PEEK_ISSUERS = ["app_registry_v2", "peek_app_sdk"] as const;
/** Issuer of widget (client-secret) tokens: never accepted as a Peek token, and the reverse. */
export const CLIENT_TOKEN_ISSUER = "app_registry_client";

export interface PeekTokenConfig {
  secret: string;
  previousSecret?: string | null;
  issuers?: readonly string[];
  maxTtlSeconds?: number;
  clockToleranceSeconds?: number;
}

export type PeekTokenResult =
  | {
      ok: true;
      installId: string;
      user: AccountUser | null;
      /** When Peek signed it (`iat`): the only event time Peek sends with a webhook. Null when the token has none. */
      issuedAt: Date | null;
      claims: Record<string, unknown>;
    }
  | { ok: false; reason: TokenFailure };

/** Verifies a token Peek signed with the app secret (or the previous one during a rotation). */
export async function verifyPeekToken(
  token: string | null | undefined,
  config: PeekTokenConfig,
  now = new Date(),
): Promise<PeekTokenResult> {
  const issuers = (config.issuers ?? DEFAULT_PEEK_ISSUERS).filter((issuer) => issuer !== CLIENT_TOKEN_ISSUER);
  const result = await verifyHsToken(
    token,
    {
      secrets: config.previousSecret ? [config.secret, config.previousSecret] : [config.secret],
      issuers,
      maxTtlSeconds: config.maxTtlSeconds ?? 3600,
      clockToleranceSeconds: config.clockToleranceSeconds ?? 10,
    },
    now,
  );
  if (!result.ok) return result;
  const user = accountUserFromClaims(result.claims);
  if (!user.ok) return { ok: false, reason: "invalid_claims" };
  const iat = result.claims.iat;
  return {
    ok: true,
    installId: result.subject,
    user: user.user,
    issuedAt: typeof iat === "number" ? new Date(iat * 1000) : null,
    claims: result.claims,
  };
}

export interface ClientTokenConfig {
  secret: string;
  maxTtlSeconds?: number;
}

export type ClientTokenResult = { ok: true; installId: string } | { ok: false; reason: TokenFailure };

/** Verifies a widget token: its own secret (`CLIENT_SECRET_TOKEN`) and its own issuer. */
export async function verifyClientToken(
  token: string | null | undefined,
  config: ClientTokenConfig,
  now = new Date(),
): Promise<ClientTokenResult> {
  const result = await verifyHsToken(
    token,
    { secrets: [config.secret], issuers: [CLIENT_TOKEN_ISSUER], maxTtlSeconds: config.maxTtlSeconds ?? 3600, clockToleranceSeconds: 10 },
    now,
  );
  return result.ok ? { ok: true, installId: result.subject } : result;
}
