/** The slice of a pino logger the API uses; tests pass a silent or recording one. */
export interface Logger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

const JWT = /eyJ[\w-]+\.[\w-]+\.[\w-]*/g;
const BEARER = /Bearer\s+[^\s"',]+/gi;
const EMAIL = /([\w.+-])[\w.+-]*@([\w-]+\.)+[\w-]+/g;
const SECRET_KEYS = /authorization|cookie|x-peek-auth|token|secret|password|peek-auth/i;

/**
 * Tokens, secrets and email addresses out of anything that leaves the process (a log line's error, an error report):
 * a JWT or a bearer credential by its shape, a secret by its key, an address down to its first letter.
 */
export function scrub(value: unknown, depth = 0): unknown {
  if (depth > 8) return "[deep]";
  if (typeof value === "string") return value.replace(JWT, "[jwt]").replace(BEARER, "Bearer [redacted]").replace(EMAIL, "$1***@[email]");
  if (Array.isArray(value)) return value.map((v) => scrub(v, depth + 1));
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, SECRET_KEYS.test(k) ? "[redacted]" : scrub(v, depth + 1)]));
  }
  return value;
}
