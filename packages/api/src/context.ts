import type { Database } from "@kit/db";

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
}

export interface ContextDeps {
  db: Database;
  logger: Logger;
  clock?: () => Date;
}

export function createInnerContext(deps: ContextDeps, requestId = "internal"): InnerContext {
  return { db: deps.db, logger: deps.logger, clock: deps.clock ?? (() => new Date()), requestId };
}

export type Context = InnerContext;
