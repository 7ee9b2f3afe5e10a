import { randomUUID } from "node:crypto";
import { SignJWT } from "jose";
import { CLIENT_TOKEN_ISSUER } from "./peek-token";

export interface MintUser {
  id: string;
  email: string | null;
  name: string | null;
  isAdmin?: boolean;
  locale?: string | null;
  primaryRole?: string | null;
}

export interface MintOptions {
  installId: string;
  secret: string;
  /** `registry_v2`: nested `user` (Peek's App Registry today); `sdk`: flat `current_user_*` (the older SDK). */
  shape?: "registry_v2" | "sdk";
  /** `null` mints a system token (webhooks). */
  user?: MintUser | null;
  ttlSeconds?: number;
  now?: Date;
}

const encoder = new TextEncoder();

/** Mints a token with Peek's own claim shapes: outbound calls, tests and local tooling. */
export function mintPeekToken(options: MintOptions): Promise<string> {
  const shape = options.shape ?? "registry_v2";
  const user = options.user ?? null;
  const claims: Record<string, unknown> =
    shape === "registry_v2"
      ? {
          user: user && {
            id: user.id,
            email: user.email,
            name: user.name,
            is_admin: user.isAdmin ?? false,
            ...(user.locale ? { locale: user.locale } : {}),
          },
        }
      : {
          current_user_id: user?.id ?? null,
          current_user_email: user?.email ?? null,
          current_user_name: user?.name ?? (user ? null : "hook"),
          current_user_is_peek_admin: user?.isAdmin ?? null,
          current_user_primary_role: user?.primaryRole ?? null,
        };
  return signJoken(claims, { ...options, issuer: shape === "registry_v2" ? "app_registry_v2" : "peek_app_sdk" });
}

/** Mints a widget client token (`app_registry_client`), signed with the client secret. */
export function mintClientToken(options: { installId: string; secret: string; ttlSeconds?: number; now?: Date }): Promise<string> {
  return signJoken({}, { ...options, issuer: CLIENT_TOKEN_ISSUER });
}

/** HS256 with the registered claims Peek's Joken-based signers add (`aud: Joken`, iat, nbf, a random jti). */
function signJoken(
  claims: Record<string, unknown>,
  options: { installId: string; secret: string; issuer: string; ttlSeconds?: number; now?: Date },
): Promise<string> {
  const now = Math.floor((options.now ?? new Date()).getTime() / 1000);
  return new SignJWT(claims)
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setIssuer(options.issuer)
    .setAudience("Joken")
    .setSubject(options.installId)
    .setIssuedAt(now)
    .setNotBefore(now)
    .setExpirationTime(now + (options.ttlSeconds ?? 60))
    .setJti(randomUUID())
    .sign(encoder.encode(options.secret));
}
