import { timingSafeEqual } from "node:crypto";

/** Whether a bearer token equals a configured secret, compared in constant time; never true without a secret. */
export function bearerIsSecret(token: string | null, secret: string | null): boolean {
  if (!token || !secret) return false;
  const a = Buffer.from(token);
  const b = Buffer.from(secret);
  return a.length === b.length && timingSafeEqual(a, b);
}
