import { isDatabaseUnavailable } from "@kit/db";
import type { FastifyError, FastifyInstance } from "fastify";
import type { ErrorReporter } from "../error-reporting";

/** The error body every REST route answers with. */
export interface ErrorBody {
  error: { code: string; message: string; requestId: string };
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
        .send({ error: { code: "SERVICE_UNAVAILABLE", message: "The database is unavailable; try again shortly", requestId: request.id } });
    }
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    if (status === 500) {
      request.log.error({ err: error }, "request failed");
      reporter?.capture(error, { requestId: request.id, route: request.routeOptions.url ?? null });
    }
    const body: ErrorBody = {
      error:
        status === 500
          ? { code: "INTERNAL_SERVER_ERROR", message: "Internal server error", requestId: request.id }
          : { code: error.code ?? "BAD_REQUEST", message: error.message, requestId: request.id },
    };
    return reply.status(status).send(body);
  });
}

export function notFound(requestId: string, method: string, url: string): ErrorBody {
  return { error: { code: "NOT_FOUND", message: `No route for ${method} ${url.split("?")[0]}`, requestId } };
}
