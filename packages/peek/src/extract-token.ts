/**
 * Takes the JWT out of an `x-peek-auth` (or `Authorization`) header value: exactly `Bearer <token>`.
 * Tokens are never read from a query string.
 */
export function tokenFromBearer(header: string | string[] | undefined): string | null {
  if (typeof header !== "string") return null;
  const match = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*)$/.exec(header.trim());
  return match?.[1] ?? null;
}
