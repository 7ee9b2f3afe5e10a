import { isDatabaseUnavailable } from "@kit/db";
import { PeekAccessError, type PeekAccessFailure } from "@kit/peek";
import { TRPCError } from "@trpc/server";
import type { TRPC_ERROR_CODE_KEY } from "@trpc/server/rpc";

/**
 * Every domain error a service may throw, and the one place that maps them to tRPC codes (so HTTP statuses). Services
 * throw these; procedures do not catch them.
 */

/** How each failure of a call to Peek reaches our own clients. */
const PEEK_FAILURE_CODES: Record<PeekAccessFailure, TRPC_ERROR_CODE_KEY> = {
  forbidden_api_host: "PRECONDITION_FAILED",
  no_api_url: "PRECONDITION_FAILED",
  unknown_platform: "PRECONDITION_FAILED",
  rate_limited: "TOO_MANY_REQUESTS",
  admin_required: "FORBIDDEN",
  permission_denied: "FORBIDDEN",
  pii_disabled: "FORBIDDEN",
  upstream_error: "BAD_GATEWAY",
  invalid_request: "BAD_REQUEST",
};

/** A record that is not there for this partner (also a record of another partner: never "forbidden"). */
export class NotFoundError extends Error {
  override readonly name = "NotFoundError";
}

/** Input the schema could not judge alone (an unknown cursor, a range that ends before it starts). */
export class BadInputError extends Error {
  override readonly name: string = "BadInputError";
}

/** A page cursor this list did not hand out. */
export class InvalidCursorError extends BadInputError {
  override readonly name = "InvalidCursorError";
  constructor() {
    super("Invalid cursor: use the nextCursor of the previous page");
  }
}

/** Something the caller may not do (not who they are: what they are allowed). */
export class ForbiddenError extends Error {
  override readonly name = "ForbiddenError";
}

/** A write that collides with existing data, with the field at fault (shown where zod's field errors are). */
export class ConflictError extends Error {
  override readonly name = "ConflictError";
  constructor(readonly fieldErrors: Record<string, string[]>) {
    super(
      Object.entries(fieldErrors)
        .map(([field, messages]) => `${field} ${messages.join(", ")}`)
        .join("; "),
    );
  }
}

/**
 * The page that sent the request shows another partner than the session acts for now (the person switched partner in
 * another tab): refused, so nothing is read or written for a partner the page does not name. CONFLICT, with the reason
 * `partner_changed` in the error's data.
 */
export class PartnerChangedError extends Error {
  override readonly name = "PartnerChangedError";
  readonly reason = "partner_changed";
  constructor() {
    super("This page shows another partner than you now act for (you switched partner elsewhere): it reloads");
  }
}

/** A request over a rate limit; mapped to 429 with `Retry-After`. */
export class RateLimitedError extends Error {
  override readonly name = "RateLimitedError";
  constructor(readonly retryAfterSeconds: number) {
    super("Too many requests: try again later");
  }
}

/** A feature this app is not configured for (sign-in by email without mail, Peek's API without credentials). */
export class NotConfiguredError extends Error {
  override readonly name = "NotConfiguredError";
}

/** The one place that turns domain errors into tRPC errors (and so HTTP statuses); null for anything else. */
export function domainErrorToTrpc(error: unknown): TRPCError | null {
  // Peek unreachable is Peek's failure, even though its cause (a DNS or connection error) looks like a database's.
  if (error instanceof PeekAccessError) {
    return new TRPCError({ code: PEEK_FAILURE_CODES[error.failure], message: error.message, cause: error });
  }
  if (isDatabaseUnavailable(error)) {
    return new TRPCError({ code: "SERVICE_UNAVAILABLE", message: "The database is unavailable; try again shortly", cause: error });
  }
  const code: TRPC_ERROR_CODE_KEY | null =
    error instanceof NotFoundError
      ? "NOT_FOUND"
      : error instanceof BadInputError
        ? "BAD_REQUEST"
        : error instanceof ForbiddenError
          ? "FORBIDDEN"
          : error instanceof ConflictError || error instanceof PartnerChangedError
            ? "CONFLICT"
            : error instanceof RateLimitedError
              ? "TOO_MANY_REQUESTS"
              : error instanceof NotConfiguredError
                ? "PRECONDITION_FAILED"
                : error instanceof PeekAccessError
                  ? PEEK_FAILURE_CODES[error.failure]
                  : null;
  return code ? new TRPCError({ code, message: (error as Error).message, cause: error }) : null;
}
