import { scrub } from "@kit/api";
import { safeDatabaseError } from "@kit/db";

/** Where unexpected errors go besides the log. */
export interface ErrorReporter {
  capture(error: unknown, context: { requestId: string; partnerId?: string | null; route?: string | null }): void;
  flush(timeoutMs?: number): Promise<void>;
}

/**
 * Sentry when `SENTRY_DSN` is set: no automatic instrumentation (the kit reports what its error handlers decide is
 * unexpected), the request id and partner id attached as tags, and every event scrubbed before it leaves.
 */
export async function sentryReporter(options: { dsn: string; environment: string; release?: string }): Promise<ErrorReporter> {
  // Loaded only when configured: an app without Sentry does not pay for it at start.
  const Sentry = await import("@sentry/node");
  Sentry.init({
    dsn: options.dsn,
    environment: options.environment,
    ...(options.release ? { release: options.release } : {}),
    defaultIntegrations: false,
    tracesSampleRate: 0,
    beforeSend: (event) => scrub(event) as typeof event,
  });
  return {
    capture(error, context) {
      Sentry.withScope((scope) => {
        scope.setTag("request_id", context.requestId);
        if (context.partnerId) scope.setTag("partner_id", context.partnerId);
        if (context.route) scope.setTag("route", context.route);
        // A failed query's message carries its parameters: only its code, table and constraint leave the process.
        const database = safeDatabaseError(error);
        Sentry.captureException(
          database
            ? Object.assign(new Error(`database error ${[database.code, database.table, database.constraint].filter(Boolean).join(" ")}`), {
                name: database.type,
              })
            : error,
        );
      });
    },
    flush: async (timeoutMs = 2_000) => {
      await Sentry.flush(timeoutMs);
    },
  };
}
