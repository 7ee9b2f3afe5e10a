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
  // SQLSTATE: admin shutdown, crash shutdown, cannot connect now, too many connections.
  "57P01",
  "57P02",
  "57P03",
  "53300",
]);

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
