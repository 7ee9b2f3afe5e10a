/** What follows `Bearer ` in a header (RFC 6750's token68 characters), at most `maxLength` of them; anything else → null. */
export function bearerValue(header: string | string[] | undefined, maxLength = 8192): string | null {
  if (typeof header !== "string" || header.length > maxLength + 16) return null;
  const match = /^Bearer ([A-Za-z0-9._~+/=-]+)$/.exec(header.trim());
  const value = match?.[1];
  return value && value.length <= maxLength ? value : null;
}

/**
 * Takes the JWT out of an `x-peek-auth` (or `Authorization`) header value: exactly `Bearer <token>` with a JWT's three
 * parts. Tokens are never read from a query string.
 */
export function tokenFromBearer(header: string | string[] | undefined): string | null {
  const value = bearerValue(header);
  return value && /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*$/.test(value) ? value : null;
}
