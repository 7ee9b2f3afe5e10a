import { scrub } from "@kit/api";
import type { AppConfig } from "@kit/config";
import { safeDatabaseError } from "@kit/db";
import { type FastifyReply, type FastifyRequest, LogController } from "fastify";
import pino, { type Logger, type LoggerOptions, stdSerializers } from "pino";
import type { PrettyOptions } from "pino-pretty";

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
      // A failed query is logged by its code and constraint only: its message and detail quote the values it held. Any
      // other error's message and stack are scrubbed of tokens and addresses (a mail server's refusal quotes one).
      err: (error: Error) => safeDatabaseError(error) ?? scrub({ ...stdSerializers.err(error) }),
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

declare module "fastify" {
  interface FastifyContextConfig {
    /** Only answers of 400 and above are logged: for probes, asked every few seconds (a failing one is still logged). */
    logOnlyFailures?: boolean;
  }
}

/**
 * One line per request, once it is answered: its method, path (query values redacted), status, time and the client's
 * address. Fastify's own are two lines, the request with every header and then the status: about 18 µs of the main
 * thread and 1.2 kB of log a request, against about 5 µs and 0.25 kB (docs/performance.md). The request with its
 * headers (credentials redacted) is logged at `debug`. A route can log only its failures (`logOnlyFailures`, for the
 * probes). Every other line Fastify writes (errors, 404s) is unchanged.
 */
export class RequestLogController extends LogController {
  override incomingRequest(request: FastifyRequest): void {
    if (!this.isLogDisabled(request)) request.log.debug({ req: request }, "incoming request");
  }

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    if (this.isLogDisabled(request) || (!error && reply.statusCode < 400 && request.routeOptions.config?.logOnlyFailures)) return;
    const line = {
      method: request.method,
      url: redactQuery(request.url),
      statusCode: reply.statusCode,
      responseTime: Math.round(reply.elapsedTime * 100) / 100,
      remoteAddress: request.ip,
    };
    if (error) reply.log.error({ ...line, err: error }, "request errored");
    else reply.log.info(line, "request completed");
  }
}

/** Readable lines when wanted: `LOG_FORMAT=pretty`, or `auto` on a terminal outside production. JSON otherwise. */
export function wantsPrettyLogs(config: Pick<AppConfig, "logFormat" | "nodeEnv">, stdoutIsTty: boolean): boolean {
  if (config.logFormat !== "auto") return config.logFormat === "pretty";
  return stdoutIsTty && config.nodeEnv !== "production";
}

/**
 * pino-pretty's options: one line an entry, its time, level and message, then its fields as JSON on the same line (a
 * request in `pnpm dev` was a block of seven lines). An error's stack still follows on lines of its own.
 */
export function prettyOptions(colorize: boolean): PrettyOptions {
  return { colorize, translateTime: "HH:MM:ss.l", ignore: "pid,hostname", singleLine: true, sync: true };
}

/**
 * The server's logger. Pretty lines go through `pino-pretty` in the same thread (loaded only when wanted: production
 * never loads it); if it cannot be loaded, JSON it is, with a warning.
 */
export async function createLogger(config: Pick<AppConfig, "logFormat" | "nodeEnv" | "logLevel">, stdoutIsTty: boolean): Promise<Logger> {
  const options = loggerOptions(config.logLevel);
  if (!wantsPrettyLogs(config, stdoutIsTty)) return pino(options);
  try {
    const { default: pretty } = await import("pino-pretty");
    return pino(options, pretty(prettyOptions(stdoutIsTty)));
  } catch (error) {
    const logger = pino(options);
    logger.warn({ err: error }, "pino-pretty could not be loaded: logging JSON");
    return logger;
  }
}
