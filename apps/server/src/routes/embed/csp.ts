/** `frame-ancestors` for the pages Peek Pro frames: exactly the configured Peek origins (which include our own). */
export const frameAncestors = (origins: readonly string[]) => `frame-ancestors ${origins.join(" ")}`;

/** CSP of the SPA when served inside Peek Pro. */
export const embedSpaCsp = (origins: readonly string[]) =>
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; connect-src 'self'; " +
  `${frameAncestors(origins)}; base-uri 'self'; object-src 'none'; form-action 'self'`;

/** CSP of the small server-rendered embed pages: only their own inline script and style, by nonce. */
export const embedPageCsp = (origins: readonly string[], nonce: string) =>
  `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'nonce-${nonce}'; ${frameAncestors(origins)}; base-uri 'none'; form-action 'self'`;
