import type { FastifyInstance, FastifyReply } from "fastify";
import { DEFAULT_CSP } from "../web/csp";

/**
 * Headers on every response. Caching is opt-in: a response that does not say otherwise (static assets, the widget
 * file and the SPA shell do) is `no-store`, so no private answer — a session's data, a token exchange, an error —
 * is ever kept by a browser or a proxy.
 */
export function registerSecurityHeaders(app: FastifyInstance, options: { https: boolean }): void {
  app.addHook("onSend", async (_request, reply, payload) => {
    setSecurityHeaders(reply, options);
    return payload;
  });
}

/** Sets the headers of every response on a reply (the hook above; a route that writes its answer itself calls it). */
export function setSecurityHeaders(reply: FastifyReply, options: { https: boolean }): void {
  if (!reply.hasHeader("cache-control")) reply.header("cache-control", "no-store");
  if (!reply.hasHeader("content-security-policy")) reply.header("content-security-policy", DEFAULT_CSP);
  reply.header("x-content-type-options", "nosniff");
  if (!reply.hasHeader("referrer-policy")) reply.header("referrer-policy", "strict-origin-when-cross-origin");
  reply.header("x-permitted-cross-domain-policies", "none");
  if (options.https) reply.header("strict-transport-security", "max-age=31536000; includeSubDomains");
}
