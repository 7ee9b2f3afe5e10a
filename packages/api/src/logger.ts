/** The slice of a pino logger the API uses; tests pass a silent or recording one. */
export interface Logger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

const JWT = /eyJ[\w-]+\.[\w-]+\.[\w-]*/g;
const BEARER = /Bearer\s+[^\s"',]+/gi;
/**
 * An address in any script (`jürgen@münchen.de`): letters, marks and digits of every language besides `_ . + -`, as
 * Peek's claims allow. Bounded (a local part of 64, up to 8 labels of 63), so a long run of letters costs linear time.
 */
const EMAIL = /([\p{L}\p{M}\p{N}_.+-])[\p{L}\p{M}\p{N}_.+-]{0,63}@(?:[\p{L}\p{M}\p{N}_-]{1,63}\.){1,8}[\p{L}\p{M}\p{N}_-]{1,63}/gu;
const SECRET_KEYS = /authorization|cookie|x-peek-auth|token|secret|password|peek-auth/i;

/** An error, or what a log serializer made of one (pino gives it a prototype of its own): a message and a stack. */
const isErrorLike = (value: object): boolean =>
  value instanceof Error ||
  (typeof (value as { message?: unknown }).message === "string" && typeof (value as { stack?: unknown }).stack === "string");

/**
 * Tokens, secrets and email addresses out of anything that leaves the process (a log line's error, an error report):
 * a JWT or a bearer credential by its shape, a secret by its key, an address down to its first letter. It reads plain
 * data and errors only, and a bounded amount of it: an error may carry a database client or a socket (pg-boss attaches
 * its client), which is named, not walked.
 */
export function scrub(value: unknown, depth = 0, budget = { left: 10_000 }): unknown {
  if (--budget.left < 0) return "[more]";
  if (depth > 8) return "[deep]";
  if (typeof value === "string") return value.replace(JWT, "[jwt]").replace(BEARER, "Bearer [redacted]").replace(EMAIL, "$1***@[email]");
  if (Array.isArray(value)) return value.map((v) => scrub(v, depth + 1, budget));
  if (value && typeof value === "object") {
    let fields: object = value;
    const prototype = Object.getPrototypeOf(value);
    if (prototype !== Object.prototype && prototype !== null) {
      if (!isErrorLike(value)) return `[${value.constructor?.name ?? "object"}]`;
      // Its name, message and stack, and its own fields (a nested error, a code), each scrubbed.
      const error = value as { name?: unknown; message?: unknown; stack?: unknown };
      fields = { name: error.name, message: error.message, stack: error.stack, ...Object.fromEntries(Object.entries(value)) };
    }
    return Object.fromEntries(
      Object.entries(fields).map(([k, v]) => [k, SECRET_KEYS.test(k) ? "[redacted]" : scrub(v, depth + 1, budget)]),
    );
  }
  return value;
}
