/** Hosts allowed to receive our credentials as a Peek API endpoint (`PEEK_API_HOSTS`). */
export const DEFAULT_API_HOSTS = [
  "peekapis.com",
  "*.peekapis.com",
  "*.peek.com",
  "*.connectngo.com",
  "*.acmeticketing.com",
  "*.acmeticketing.net",
] as const;

/** Added outside production so a local emulator can stand in for Peek. */
export const LOOPBACK_API_HOSTS = ["127.0.0.1", "localhost", "[::1]"] as const;

const LOOPBACK = new Set<string>(LOOPBACK_API_HOSTS);

/**
 * True when `url` may receive our credentials: https to an allowlisted host (`*.example.com` matches subdomains only),
 * or plain http to loopback when loopback is allowlisted.
 */
export function isAllowedApiUrl(url: string, allowedHosts: readonly string[]): boolean {
  if (!URL.canParse(url)) return false;
  const { protocol, hostname, username, password } = new URL(url);
  if (username || password) return false;
  const host = hostname.toLowerCase();
  const matches = allowedHosts.some((pattern) => {
    const p = pattern.toLowerCase();
    return p.startsWith("*.") ? host.endsWith(p.slice(1)) && host.length > p.length - 1 : host === p;
  });
  if (!matches) return false;
  return protocol === "https:" || (protocol === "http:" && LOOPBACK.has(host));
}
