import { webcrypto } from "node:crypto";
import { errors, type JWTPayload, jwtVerify } from "jose";
import { isCleanIdentifier } from "./claim-text";

export type TokenFailure =
  | "missing"
  | "malformed"
  | "bad_signature"
  | "bad_algorithm"
  | "expired"
  | "not_yet_valid"
  | "missing_claim"
  | "bad_issuer"
  | "bad_audience"
  | "lifetime_too_long"
  | "issued_in_future"
  | "invalid_claims";

export type VerifiedToken =
  | { ok: true; subject: string; claims: JWTPayload & Record<string, unknown> }
  | { ok: false; reason: TokenFailure };

export interface HsTokenRules {
  /** Current secret first; a previous one (rotation) after it. */
  secrets: readonly string[];
  issuers: readonly string[];
  /** Tokens whose `exp` lies further ahead than this are refused. */
  maxTtlSeconds: number;
  clockToleranceSeconds: number;
}

/**
 * HMAC keys are imported once per secret, as WebCrypto `CryptoKey`s: given raw bytes — or a secret `KeyObject`, which
 * jose exports back to bytes — jose imports a key on every call, a large share of a webhook's CPU.
 */
const keys = new Map<string, Promise<webcrypto.CryptoKey>>();
const keyFor = (secret: string): Promise<webcrypto.CryptoKey> => {
  let key = keys.get(secret);
  if (!key) {
    key = webcrypto.subtle.importKey("raw", new TextEncoder().encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["verify"]);
    if (keys.size > 16) keys.clear(); // secrets are a handful; never let the cache grow without bound
    keys.set(secret, key);
  }
  return key;
};
/** How far Peek's clock and the app's may differ: the most a token check tolerates, and what a read from Peek allows for. */
export const MAX_CLOCK_TOLERANCE_S = 10;

function failureOf(error: unknown): TokenFailure {
  if (error instanceof errors.JWTExpired) return "expired";
  if (error instanceof errors.JWSSignatureVerificationFailed) return "bad_signature";
  if (error instanceof errors.JOSEAlgNotAllowed) return "bad_algorithm";
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.reason === "missing") return "missing_claim";
    if (error.reason === "invalid") return "invalid_claims";
    if (error.claim === "iss") return "bad_issuer";
    if (error.claim === "aud") return "bad_audience";
    if (error.claim === "nbf" || error.claim === "iat") return "not_yet_valid";
    return "missing_claim";
  }
  return "malformed";
}

/**
 * Peek's tokens are a few hundred bytes; anything past this is refused before any decoding or HMAC work, so an
 * oversized token can cost neither CPU nor memory (nor be accepted because someone with the secret padded it).
 */
export const MAX_TOKEN_LENGTH = 8_192;

/**
 * Verifies an HS256 JWT under strict rules: `exp` and `sub` required, bounded clock tolerance and lifetime, an issuer
 * list, `aud` (when present) equal to `Joken`, no `iat` ahead of the clock, clean identifiers. Never throws for a bad
 * token: the result says why.
 */
export async function verifyHsToken(token: string | null | undefined, rules: HsTokenRules, now: Date): Promise<VerifiedToken> {
  if (!token) return { ok: false, reason: "missing" };
  if (token.length > MAX_TOKEN_LENGTH) return { ok: false, reason: "malformed" };
  const tolerance = Math.min(rules.clockToleranceSeconds, MAX_CLOCK_TOLERANCE_S);
  let lastFailure: TokenFailure = "bad_signature";
  for (const secret of rules.secrets) {
    try {
      const { payload } = await jwtVerify(token, await keyFor(secret), {
        algorithms: ["HS256"],
        requiredClaims: ["exp", "sub"],
        issuer: [...rules.issuers],
        clockTolerance: tolerance,
        currentDate: now,
      });
      if (typeof payload.sub !== "string" || payload.sub.trim() === "") return { ok: false, reason: "missing_claim" };
      // Claims are input: the installation id goes into queries, the jti into logs.
      if (!isCleanIdentifier(payload.sub) || (payload.jti !== undefined && !isCleanIdentifier(payload.jti))) {
        return { ok: false, reason: "invalid_claims" };
      }
      if (
        payload.aud !== undefined &&
        payload.aud !== "Joken" &&
        !(Array.isArray(payload.aud) && payload.aud.every((a) => a === "Joken"))
      ) {
        return { ok: false, reason: "bad_audience" };
      }
      const nowSeconds = Math.floor(now.getTime() / 1000);
      // jose checks nbf but not iat: a token "issued" ahead of our clock is refused with the same leeway as nbf.
      if (typeof payload.iat === "number" && payload.iat > nowSeconds + tolerance) return { ok: false, reason: "issued_in_future" };
      if ((payload.exp as number) - nowSeconds > rules.maxTtlSeconds + tolerance) return { ok: false, reason: "lifetime_too_long" };
      // Nor issued longer before its expiry than a token may live: its iat dates a delivery, and must be a storable time.
      if (typeof payload.iat === "number" && (payload.exp as number) - payload.iat > rules.maxTtlSeconds + tolerance) {
        return { ok: false, reason: "lifetime_too_long" };
      }
      return { ok: true, subject: payload.sub, claims: payload as JWTPayload & Record<string, unknown> };
    } catch (error) {
      lastFailure = failureOf(error);
      // Only a signature mismatch is worth trying the previous secret for.
      if (lastFailure !== "bad_signature") return { ok: false, reason: lastFailure };
    }
  }
  return { ok: false, reason: lastFailure };
}
