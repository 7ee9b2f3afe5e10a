import type { Database } from "@kit/db";
import type { PeekAccessConfig } from "@kit/peek";

/** The slice of a pino logger the API uses; tests pass a silent or recording one. */
export interface Logger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** Everything a procedure may use, independent of the HTTP adapter, so tests build it from literals. */
export interface InnerContext {
  db: Database;
  clock: () => Date;
  logger: Logger;
  /** Correlates a client-visible error with the server's log line. */
  requestId: string;
  /** The bearer token of the request (`Authorization: Bearer …`), verified by the authenticated procedures. */
  bearerToken: string | null;
  /** Credentials for calls to Peek's API on a partner's behalf. */
  peekAccess: PeekAccessConfig | null;
}

export interface ContextDeps {
  db: Database;
  logger: Logger;
  clock?: () => Date;
  peekAccess?: PeekAccessConfig | null;
}

export function createInnerContext(deps: ContextDeps, request: { requestId?: string; bearerToken?: string | null } = {}): InnerContext {
  return {
    db: deps.db,
    logger: deps.logger,
    clock: deps.clock ?? (() => new Date()),
    peekAccess: deps.peekAccess ?? null,
    requestId: request.requestId ?? "internal",
    bearerToken: request.bearerToken ?? null,
  };
}

export type Context = InnerContext;

/** `Authorization: Bearer <token>` → the token; anything else → null. */
export function bearerFrom(header: string | string[] | undefined): string | null {
  if (typeof header !== "string") return null;
  const match = /^Bearer ([A-Za-z0-9._~+/=-]{1,512})$/.exec(header.trim());
  return match?.[1] ?? null;
}
