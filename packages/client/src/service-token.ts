import { SignJWT } from "jose";

/** The server refuses service tokens that live longer than this. */
export const SERVICE_TOKEN_MAX_TTL_S = 300;

export interface ServiceTokenOptions {
  /** `INTERNAL_API_SECRET`, shared between the kit and the internal apps allowed to call it. */
  secret: string;
  /** The calling app's name; it must be listed in the kit's `INTERNAL_API_ISSUERS`. */
  issuer: string;
  /** The Peek installation the call acts for. */
  installId: string;
  /** Lifetime in seconds, at most 300 (default 120). */
  ttlSeconds?: number;
  now?: Date;
}

/** Mints a service-to-service token: HS256 with `INTERNAL_API_SECRET`, `iss` = caller, `sub` = installation, short `exp`. */
export function mintServiceToken(options: ServiceTokenOptions): Promise<string> {
  const ttl = options.ttlSeconds ?? 120;
  if (!Number.isInteger(ttl) || ttl < 1 || ttl > SERVICE_TOKEN_MAX_TTL_S) {
    throw new RangeError(`ttlSeconds must be an integer from 1 to ${SERVICE_TOKEN_MAX_TTL_S}`);
  }
  if (!options.secret || !options.issuer || !options.installId) throw new TypeError("secret, issuer and installId are required");
  const now = Math.floor((options.now ?? new Date()).getTime() / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setIssuer(options.issuer)
    .setSubject(options.installId)
    .setIssuedAt(now)
    .setExpirationTime(now + ttl)
    .setJti(globalThis.crypto.randomUUID())
    .sign(new TextEncoder().encode(options.secret));
}

/**
 * An `auth` function for `createKitClient` that mints a service token and reuses it until shortly before it expires.
 */
export function serviceTokenAuth(options: Omit<ServiceTokenOptions, "now"> & { clock?: () => Date }): () => Promise<string> {
  const ttl = options.ttlSeconds ?? 120;
  const clock = options.clock ?? (() => new Date());
  let cached: { token: Promise<string>; renewAt: number } | null = null;
  return () => {
    const now = clock().getTime();
    if (!cached || now >= cached.renewAt) {
      const token = mintServiceToken({ ...options, ttlSeconds: ttl, now: clock() });
      // Renew at two thirds of the lifetime, so a token is never sent in its last seconds.
      cached = { token, renewAt: now + (ttl * 1000 * 2) / 3 };
      token.catch(() => {
        cached = null;
      });
    }
    return cached.token;
  };
}
