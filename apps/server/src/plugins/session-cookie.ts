import type { NewSession, SessionCookie } from "@kit/api";
import type { FastifyReply, FastifyRequest } from "fastify";

/** `__Host-` (host-only, Secure, Path=/) whenever the app is served over https. */
export const sessionCookieName = (https: boolean) => (https ? "__Host-kit_session" : "kit_session");

function readCookie(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq === -1 || part.slice(0, eq).trim() !== name) continue;
    const value = part.slice(eq + 1).trim();
    return /^[A-Za-z0-9_-]{1,256}$/.test(value) ? value : null;
  }
  return null;
}

/** The portal session cookie of one request: HttpOnly, SameSite=Lax, Path=/, Secure under https. */
export function sessionCookieFor(
  request: FastifyRequest,
  reply: FastifyReply,
  options: { https: boolean; clock: () => Date },
): SessionCookie {
  const { https } = options;
  const name = sessionCookieName(https);
  const attributes = `Path=/; HttpOnly; SameSite=Lax${https ? "; Secure" : ""}`;
  return {
    token: readCookie(request.headers.cookie, name),
    set(session: NewSession) {
      const maxAge = Math.max(0, Math.round((session.expiresAt.getTime() - options.clock().getTime()) / 1000));
      reply.header("set-cookie", `${name}=${session.token}; Max-Age=${maxAge}; ${attributes}`);
    },
    clear() {
      reply.header("set-cookie", `${name}=; Max-Age=0; ${attributes}`);
    },
  };
}
