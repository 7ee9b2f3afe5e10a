import { type PeekTokenConfig, type PeekTokenResult, tokenFromBearer, verifyPeekToken } from "@kit/peek";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { errorBody } from "./errors";

type VerifiedPeek = Extract<PeekTokenResult, { ok: true }>;

declare module "fastify" {
  interface FastifyRequest {
    /** Set by {@link requirePeekToken} on routes Peek calls: the verified installation and user. */
    peek?: VerifiedPeek;
  }
}

/**
 * Authenticates every request of the scope from `x-peek-auth: Bearer <jwt>` in `onRequest`, before the body is read:
 * a missing or invalid token is a 401 and nothing else runs.
 */
export function requirePeekToken(app: FastifyInstance, config: PeekTokenConfig, clock: () => Date): void {
  app.addHook("onRequest", async (request, reply) => {
    const result = await verifyPeekToken(tokenFromBearer(request.headers["x-peek-auth"]), config, clock());
    if (!result.ok) {
      request.log.info({ reason: result.reason }, "peek token refused");
      return reply.status(401).send(errorBody(request.id, "UNAUTHORIZED", `x-peek-auth: ${result.reason.replaceAll("_", " ")}`));
    }
    request.peek = result;
  });
}

export function verifiedPeek(request: FastifyRequest): VerifiedPeek {
  if (!request.peek) throw new Error("route is missing requirePeekToken");
  return request.peek;
}
