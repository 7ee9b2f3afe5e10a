/** Why a call to Peek's API did not give an answer, in the kit's terms (the SDK's error classes stay inside). */
export type PeekAccessFailure =
  | "forbidden_api_host" // the stored api url is not on the allowlist: no request was made
  | "no_api_url"
  | "unknown_platform"
  | "rate_limited"
  | "admin_required"
  | "permission_denied"
  | "pii_disabled"
  | "upstream_error"
  | "invalid_request";

export class PeekAccessError extends Error {
  override readonly name = "PeekAccessError";
  constructor(
    readonly failure: PeekAccessFailure,
    message: string,
    readonly status: number | null = null,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
