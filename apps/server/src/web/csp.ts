/**
 * Every Content-Security-Policy the server sends, in one place. Framing: the app's pages (the SPA on every route, and
 * the small server-rendered embed pages) may be framed by the configured Peek Pro origins only — the list includes the
 * app's own origin and never `*`; everything else (API answers, dev pages) by the app's own origin only.
 */

/** `frame-ancestors` for the pages Peek Pro frames: exactly the configured Peek origins. */
export const frameAncestors = (origins: readonly string[]) => `frame-ancestors ${origins.join(" ")}`;

/** Everything without a policy of its own (JSON answers, redirects, errors). */
export const DEFAULT_CSP = "default-src 'none'; frame-ancestors 'self'; base-uri 'none'; form-action 'self'";

/** The SPA, on every app route: its own scripts, styles, fonts and API; framed by Peek Pro (a reload inside it works). */
export const spaCsp = (origins: readonly string[]) =>
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; connect-src 'self'; " +
  `${frameAncestors(origins)}; base-uri 'self'; object-src 'none'; form-action 'self'`;

/** The server-rendered embed pages: the app's stylesheet and fonts, their own inline script and style by nonce. */
export const embedPageCsp = (origins: readonly string[], nonce: string) =>
  `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'self' 'nonce-${nonce}'; font-src 'self'; ${frameAncestors(origins)}; ` +
  "base-uri 'none'; form-action 'self'";

/** The development pages (mailbox, dashboard): the app's stylesheet, no script, not framed by anyone else. */
export const devPageCsp = (nonce: string) =>
  `default-src 'none'; style-src 'self' 'nonce-${nonce}'; font-src 'self'; frame-ancestors 'self'; base-uri 'none'; form-action 'self'`;
