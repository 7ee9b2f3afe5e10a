/**
 * Where Peek Pro runs: the origins allowed to frame the app, talk to it by postMessage, and call the widget API. The
 * hosts Peek's own Next.js template trusts (its `frame-ancestors` and its origin check, `peek-travel/app-cli`'s
 * `templates/nextjs-starter-kit`): Peek, its `peek.stack` environments, ConnectNGo and its staging, demo, QA and
 * training sites, and ACME Ticketing, each bare or at any subdomain. https only: the template also takes http.
 */
export const DEFAULT_PEEK_ORIGINS = [
  ...["peek.com", "peek.stack", "connectngo.com", "acmeticketing.com", "acmeticketing.net"],
  ...["staging", "demo", "qa", "training"].map((site) => `connectngo-${site}.com`),
].flatMap((host) => [`https://${host}`, `https://*.${host}`]);

/** `scheme://host[:port]`, where host may start with `*.` (one or more subdomain labels). */
const PATTERN = /^(https?):\/\/(\*\.)?([a-z0-9-]+(\.[a-z0-9-]+)*)(:\d{1,5})?$/;

export function isValidOriginPattern(pattern: string): boolean {
  return PATTERN.test(pattern.toLowerCase());
}

/**
 * Exact origin matching: same scheme, same port, and the same host or (for `*.`) a subdomain of it —
 * `https://pro.peek.com` matches `https://*.peek.com`; `https://pro.peek.com.evil.example` does not.
 */
export function isAllowedOrigin(origin: string | null | undefined, patterns: readonly string[]): boolean {
  if (!origin || !URL.canParse(origin)) return false;
  const url = new URL(origin);
  if (url.origin !== origin.toLowerCase().replace(/\/$/, "") || url.origin === "null") return false;
  return patterns.some((raw) => {
    const match = PATTERN.exec(raw.toLowerCase());
    if (!match) return false;
    const [, scheme, wildcard, host, , port] = match;
    if (url.protocol !== `${scheme}:`) return false;
    const defaultPort = scheme === "https" ? "443" : "80";
    if ((url.port || defaultPort) !== (port?.slice(1) ?? defaultPort)) return false;
    return wildcard ? url.hostname.endsWith(`.${host}`) : url.hostname === host;
  });
}
