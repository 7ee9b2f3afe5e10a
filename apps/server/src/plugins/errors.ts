import { isDatabaseUnavailable } from "@kit/db";
import type { FastifyError, FastifyInstance } from "fastify";
import type { ErrorReporter } from "../error-reporting";

/** The error body every REST route answers with. */
export interface ErrorBody {
  error: { code: string; message: string; requestId: string; fields?: Record<string, string[]> };
}

/** Builds that body: every REST error goes through here, so clients parse one shape. */
export function errorBody(requestId: string, code: string, message: string, fields?: Record<string, string[]>): ErrorBody {
  return { error: { code, message, requestId, ...(fields ? { fields } : {}) } };
}

/**
 * One place turns failures into responses: a client error keeps its 4xx status and message; an unreachable database is
 * 503 with Retry-After; anything else is a generic 500 with the request id, and the details go to the log only.
 */
export function registerErrorHandling(app: FastifyInstance, reporter: ErrorReporter | null = null): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (isDatabaseUnavailable(error)) {
      // Nothing was accepted: the sender (Peek retries webhooks) should try again shortly.
      request.log.warn({ err: error }, "database unavailable");
      return reply
        .status(503)
        .header("retry-after", "2")
        .send(errorBody(request.id, "SERVICE_UNAVAILABLE", "The database is unavailable; try again shortly"));
    }
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    if (status === 500) {
      request.log.error({ err: error }, "request failed");
      reporter?.capture(error, { requestId: request.id, route: request.routeOptions.url ?? null });
    }
    return reply
      .status(status)
      .send(
        status === 500
          ? errorBody(request.id, "INTERNAL_SERVER_ERROR", "Internal server error")
          : errorBody(request.id, error.code ?? "BAD_REQUEST", error.message),
      );
  });
}

export function notFound(requestId: string, method: string, url: string): ErrorBody {
  return errorBody(requestId, "NOT_FOUND", `No route for ${method} ${url.split("?")[0]}`);
}
