import { isDatabaseUnavailable } from "@kit/db";
import { PeekAccessError, type PeekAccessFailure } from "@kit/peek";
import { TRPCError } from "@trpc/server";
import type { TRPC_ERROR_CODE_KEY } from "@trpc/server/rpc";
import { MailDisabledError, RateLimitedError } from "./services/portal-auth";

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

/** The one place that turns domain errors into tRPC errors (and so HTTP statuses); null for anything else. */
export function domainErrorToTrpc(error: unknown): TRPCError | null {
  if (isDatabaseUnavailable(error)) {
    return new TRPCError({ code: "SERVICE_UNAVAILABLE", message: "The database is unavailable; try again shortly", cause: error });
  }
  if (error instanceof NotFoundError) return new TRPCError({ code: "NOT_FOUND", message: error.message, cause: error });
  if (error instanceof ConflictError) return new TRPCError({ code: "CONFLICT", message: error.message, cause: error });
  if (error instanceof RateLimitedError) return new TRPCError({ code: "TOO_MANY_REQUESTS", message: error.message, cause: error });
  if (error instanceof MailDisabledError) return new TRPCError({ code: "PRECONDITION_FAILED", message: error.message, cause: error });
  if (error instanceof PeekAccessError) {
    return new TRPCError({ code: PEEK_FAILURE_CODES[error.failure], message: error.message, cause: error });
  }
  return null;
}
