import { safeDatabaseError } from "@kit/db";
import type { FastifyRequest } from "fastify";
import { type LoggerOptions, stdSerializers } from "pino";

/** Credentials that may arrive in headers; pino replaces them before a line is written. */
export const REDACTED_PATHS = [
  "req.headers.authorization",
  "req.headers.cookie",
  'req.headers["x-peek-auth"]',
  'res.headers["set-cookie"]',
];

/** Keeps the query keys of a URL but never their values: a token must not reach the log even by mistake. */
export function redactQuery(url: string): string {
  const q = url.indexOf("?");
  if (q === -1) return url;
  const keys = url
    .slice(q + 1)
    .split("&")
    .filter(Boolean)
    .map((pair) => `${pair.split("=")[0]}=[REDACTED]`);
  return `${url.slice(0, q)}?${keys.join("&")}`;
}

export function loggerOptions(level: LoggerOptions["level"]): LoggerOptions {
  return {
    level,
    redact: { paths: REDACTED_PATHS, censor: "[REDACTED]" },
    serializers: {
      // A failed query is logged by its code and constraint only: its message and detail quote the values it held.
      err: (error: Error) => safeDatabaseError(error) ?? stdSerializers.err(error),
      req(request: FastifyRequest) {
        return {
          method: request.method,
          url: redactQuery(request.url),
          remoteAddress: request.ip,
          headers: request.headers,
        };
      },
    },
  };
}
