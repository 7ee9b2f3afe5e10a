/**
 * Errors that mean "the database cannot be reached right now", not "this request is wrong": connection failures of
 * postgres.js and Node, and the SQLSTATEs of a server that is shutting down, starting up or full. Such a failure is
 * answered 503 with Retry-After (nothing was accepted, the sender retries), never 500.
 */
const CONNECTION_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "ENOTFOUND",
  "EAI_AGAIN",
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
  "CONNECT_TIMEOUT",
  // The app's own: too many writes already waiting for the database (`DatabaseBusyError`).
  "DATABASE_BUSY",
  // SQLSTATE: admin shutdown, crash shutdown, cannot connect now, too many connections.
  "57P01",
  "57P02",
  "57P03",
  "53300",
]);

/**
 * Thrown instead of queueing more work for a database that is not keeping up (a write queue at its limit): answered 503
 * with Retry-After like an unreachable database, since nothing was accepted.
 */
export class DatabaseBusyError extends Error {
  readonly code = "DATABASE_BUSY";
  constructor(message = "Too many writes are waiting for the database") {
    super(message);
    this.name = "DatabaseBusyError";
  }
}

export function isDatabaseUnavailable(error: unknown): boolean {
  for (let current = error, depth = 0; current && depth < 6; depth += 1) {
    const code = (current as { code?: unknown }).code;
    // SQLSTATE class 08: connection exception.
    if (typeof code === "string" && (CONNECTION_CODES.has(code) || /^08[0-9A-Z]{3}$/.test(code))) return true;
    // node-postgres (pg-boss's driver) reports a dropped connection by message only.
    const message = (current as { message?: unknown }).message;
    if (typeof message === "string" && /^Connection terminated (unexpectedly|due to connection timeout)/.test(message)) return true;
    if (current instanceof AggregateError && current.errors.some(isDatabaseUnavailable)) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

/** The fields of a Postgres error that name what failed without quoting any value (never `detail`, `where`, params). */
export interface SafeDatabaseError {
  type: string;
  code: string | null;
  constraint: string | null;
  table: string | null;
  column: string | null;
}

const SQLSTATE = /^[0-9A-Z]{5}$/;
const text = (value: unknown) => (typeof value === "string" && value.length <= 128 ? value : null);

/** The Postgres error behind a failed query (drizzle wraps it, with the query and its parameters in the message). */
export function databaseErrorOf(error: unknown): Record<string, unknown> | null {
  for (let current = error, depth = 0; current && typeof current === "object" && depth < 6; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && SQLSTATE.test(code)) return current as Record<string, unknown>;
    current = (current as { cause?: unknown }).cause;
  }
  return null;
}

/**
 * What may be logged of a failed query: its SQLSTATE and the constraint, table and column it names. Drizzle's message
 * carries the query's parameters and Postgres's `detail` the offending values (an email, a record's fields), so
 * neither, nor a stack that repeats the message, ever reaches the log. Null when the error is not a database error.
 */
export function safeDatabaseError(error: unknown): SafeDatabaseError | null {
  const pg = databaseErrorOf(error);
  const drizzle = error instanceof Error && error.message.startsWith("Failed query:");
  if (!pg && !drizzle) return null;
  return {
    type: error instanceof Error ? error.name : "Error",
    code: text(pg?.code),
    constraint: text(pg?.constraint_name ?? pg?.constraint),
    table: text(pg?.table_name ?? pg?.table),
    column: text(pg?.column_name ?? pg?.column),
  };
}

/**
 * A database that cannot be used at boot, in one line that says how to fix it (never the password of the URL).
 * Null when the error is not about reaching the database.
 */
export function describeDatabaseStartFailure(error: unknown, url: string | null): string | null {
  const target = url && URL.canParse(url) ? new URL(url) : null;
  const where = target ? `${target.hostname}:${target.port || "5432"}` : "the database";
  const name = target ? decodeURIComponent(target.pathname.slice(1)) : "";
  const pg = databaseErrorOf(error);
  const code = pg?.code ?? codeOf(error);
  if (code === "3D000") {
    return `The database "${name}" does not exist on ${where}: create it (createdb ${name}), fix DATABASE_URL, or unset DATABASE_URL to use the embedded database.`;
  }
  if (code === "28P01" || code === "28000") {
    return `${where} refused the user or password in DATABASE_URL: fix DATABASE_URL, or unset it to use the embedded database.`;
  }
  if (isDatabaseUnavailable(error)) {
    return `Cannot reach the database at ${where}${code ? ` (${code})` : ""}: start Postgres, fix DATABASE_URL, or unset DATABASE_URL to use the embedded database.`;
  }
  return null;
}

function codeOf(error: unknown): string | null {
  for (let current = error, depth = 0; current && typeof current === "object" && depth < 6; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string") return code;
    if (current instanceof AggregateError) return codeOf(current.errors[0]);
    current = (current as { cause?: unknown }).cause;
  }
  return null;
}
