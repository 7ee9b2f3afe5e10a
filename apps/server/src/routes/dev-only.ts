import type { FastifyInstance, FastifyRequest } from "fastify";

const LOOPBACK_NAMES = new Set(["localhost", "127.0.0.1", "[::1]"]);
const isLoopbackAddress = (address: string | undefined) =>
  address === "::1" || address === "::ffff:127.0.0.1" || (address?.startsWith("127.") ?? false);

/**
 * A request from this machine, addressed to it by a loopback name, and not relayed by a proxy or tunnel: the only
 * ones the development pages answer. They show sign-in links and retry jobs, so a development server reachable from
 * elsewhere (`HOST=0.0.0.0`, `kit dev --tunnel`) or a page whose own name a DNS trick points here (DNS rebinding, which
 * sends that name as Host) gets nothing.
 */
export function isFromThisMachine(request: FastifyRequest): boolean {
  const host = String(request.headers.host ?? "").toLowerCase();
  const name = host.startsWith("[") ? host.slice(0, host.indexOf("]") + 1) : host.split(":")[0];
  const relayed = ["forwarded", "x-forwarded-for", "x-forwarded-host", "cf-connecting-ip"].some((h) => request.headers[h] !== undefined);
  return LOOPBACK_NAMES.has(name ?? "") && isLoopbackAddress(request.socket.remoteAddress) && !relayed;
}

/** Makes a plugin's routes answer 404 (as in production, where they do not exist) to any request not from this machine. */
export function thisMachineOnly(app: FastifyInstance): void {
  app.addHook("onRequest", async (request, reply) => {
    if (!isFromThisMachine(request)) return reply.callNotFound();
  });
}
