import type { Database } from "@kit/db";
import type { AccountUser, WebhookUserTokenMode } from "@kit/peek";
import type { JobQueue } from "../jobs/job-queue";
import type { Logger } from "../logger";
import type { SessionCache } from "../services/session-cache";

/** What the route verified about a delivery's token: the installation it speaks for, its user, when Peek signed it. */
export interface WebhookToken {
  installId: string;
  user: AccountUser | null;
  /** The token's `iat`: the only event time Peek sends (null when the token has none: the receipt time is used). */
  issuedAt: Date | null;
}

/** Everything processing a delivery needs: the route and `kit webhooks replay` pass the same. */
export interface WebhookDeps {
  db: Database;
  jobs: JobQueue;
  logger: Logger;
  clock: () => Date;
  /** `PEEK_WEBHOOK_USER_TOKENS`: what a token that names a user may deliver. */
  userTokens: WebhookUserTokenMode;
  /** `PEEK_FULL_CUSTOMER_ACCESS`: whether guests' contact details and waiver participants' names may be kept. */
  fullCustomerAccess: boolean;
  /** `WEBHOOK_BATCHES_IN_FLIGHT` (2 when not given): batches of booking and of waiver deliveries written at once. */
  batchesInFlight?: number;
  /** The instance's session cache, emptied once a delivery that changes a partner is committed (none for `kit webhooks replay`). */
  sessionCache?: SessionCache | null;
}

/**
 * What became of a delivery. `ok`: answered 2xx with `message` as plain text — applied, or recorded and deliberately
 * not applied (an unknown installation, a stale event), which Peek must not redeliver. Otherwise a 4xx the route sends
 * as the kit's JSON error.
 */
export type WebhookResult =
  | { ok: true; message: string }
  | { ok: false; status: 400 | 401 | 403 | 409 | 422; code: string; message: string; fields?: Record<string, string[]> };

export const refused = (
  status: 400 | 401 | 403 | 409 | 422,
  message: string,
  fields?: Record<string, string[]>,
): Extract<WebhookResult, { ok: false }> => ({
  ok: false,
  status,
  code: ({ 400: "BAD_REQUEST", 401: "UNAUTHORIZED", 403: "FORBIDDEN", 409: "CONFLICT", 422: "UNPROCESSABLE_ENTITY" } as const)[status],
  message,
  ...(fields ? { fields } : {}),
});
