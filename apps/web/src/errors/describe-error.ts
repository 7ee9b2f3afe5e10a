import { TRPCClientError } from "@trpc/client";

/**
 * What went wrong, as the user needs to tell it apart: their data is not there (`not_found`), they may not see it
 * (`forbidden`), their session is gone (`unauthorized`), the app could not be reached (`offline`: no network, server
 * down), a service the app depends on (Peek) failed (`upstream`), the app is not set up for it (`not_configured`),
 * too many requests (`rate_limited`), the input was refused (`bad_input`) or the server failed (`server`, with the
 * request id support needs).
 */
export type ErrorKind =
  | "not_found"
  | "forbidden"
  | "unauthorized"
  | "offline"
  | "upstream"
  | "not_configured"
  | "rate_limited"
  | "bad_input"
  | "server";

export interface DescribedError {
  kind: ErrorKind;
  /** The server's id for this request (in its logs), when it answered. */
  requestId: string | null;
  /** Worth trying again as is. */
  retryable: boolean;
}

const BY_CODE: Record<string, ErrorKind> = {
  NOT_FOUND: "not_found",
  FORBIDDEN: "forbidden",
  UNAUTHORIZED: "unauthorized",
  BAD_REQUEST: "bad_input",
  PARSE_ERROR: "bad_input",
  UNPROCESSABLE_CONTENT: "bad_input",
  CONFLICT: "bad_input",
  PAYLOAD_TOO_LARGE: "bad_input",
  TOO_MANY_REQUESTS: "rate_limited",
  PRECONDITION_FAILED: "not_configured",
  BAD_GATEWAY: "upstream",
  GATEWAY_TIMEOUT: "upstream",
  SERVICE_UNAVAILABLE: "server",
  INTERNAL_SERVER_ERROR: "server",
};

const RETRYABLE: ReadonlySet<ErrorKind> = new Set(["offline", "upstream", "server", "rate_limited"]);

interface ErrorData {
  code?: string;
  httpStatus?: number;
  requestId?: string | null;
}

export function describeError(error: unknown, online: boolean = typeof navigator === "undefined" || navigator.onLine): DescribedError {
  const make = (kind: ErrorKind, requestId: string | null = null): DescribedError => ({ kind, requestId, retryable: RETRYABLE.has(kind) });
  if (!online) return make("offline");
  if (error instanceof TRPCClientError) {
    const data = (error.data ?? null) as ErrorData | null;
    const requestId = typeof data?.requestId === "string" ? data.requestId : null;
    if (data?.code && BY_CODE[data.code]) return make(BY_CODE[data.code] as ErrorKind, requestId);
    const status = data?.httpStatus ?? (error.meta?.response as Response | undefined)?.status;
    // No answer at all (a network error), or an answer that is not the API's (a proxy's 502 page): unreachable.
    if (status === undefined || status === 502 || status === 503 || status === 504) return make("offline");
    return make(status >= 500 ? "server" : "bad_input", requestId);
  }
  if (error instanceof TypeError) return make("offline"); // fetch's "Failed to fetch"
  return make("server");
}

/** Queries retry once, and only what may work the second time. */
export const shouldRetry = (failureCount: number, error: unknown) => failureCount < 1 && describeError(error).retryable;
