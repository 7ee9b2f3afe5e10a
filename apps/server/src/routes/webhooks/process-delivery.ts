import {
  acceptBookingDelivery,
  acceptInstallationDelivery,
  findPartnerByInstallId,
  isInstalled,
  type JobQueue,
  type Logger,
  rejectInstallationDelivery,
} from "@kit/api";
import type { Database } from "@kit/db";
import { parseBookingWebhook } from "@kit/peek";
import { fieldErrors, installationBodySchema, isKnownStatus } from "./installation-body";

/** What to answer Peek: a status and a plain-text message or a JSON error (the route adds the request id). */
export type DeliveryAnswer =
  | { status: number; text: string }
  | { status: number; error: { code: string; message: string; fields?: Record<string, string[]> } };

export interface DeliveryDeps {
  db: Database;
  jobs: JobQueue;
  clock: () => Date;
  logger: Logger;
}

/**
 * An installation delivery for the installation the verified token speaks for: validated, then applied (or kept as
 * rejected) in one transaction. Used by the webhook route and by `kit webhooks replay`.
 */
export async function processInstallationDelivery(deps: DeliveryDeps, tokenInstallId: string, rawBody: unknown): Promise<DeliveryAnswer> {
  const parsed = installationBodySchema.safeParse(rawBody);
  if (!parsed.success) {
    const fields = fieldErrors(parsed.error);
    return {
      status: 400,
      error: { code: "BAD_REQUEST", message: `Invalid installation webhook: ${Object.keys(fields).join(", ")}`, fields },
    };
  }
  const body = parsed.data;
  if (body.install_id !== tokenInstallId) {
    return { status: 403, error: { code: "FORBIDDEN", message: "install_id does not match the token's installation" } };
  }
  if (!isKnownStatus(body.status)) {
    await rejectInstallationDelivery(deps.db, { installId: body.install_id, payload: rawBody, reason: `unknown status ${body.status}` });
    return { status: 422, error: { code: "UNPROCESSABLE_ENTITY", message: `Unknown installation status "${body.status}"` } };
  }
  const partner = await acceptInstallationDelivery(deps, {
    payload: rawBody,
    snapshot: {
      installId: body.install_id,
      accountId: body.account.id,
      name: body.account.name,
      platform: body.account.platform ?? "peek",
      isTest: body.account.is_test,
      installation: { status: body.status, display_version: body.display_version, install_id: body.install_id },
      timezone: body.account.timezone ?? null,
      apiUrl: body.api?.url ?? null,
    },
  });
  return { status: 200, text: `Partner ${partner.name} updated successfully.` };
}

const NOT_STORED: Record<"unknown_installation" | "inactive", DeliveryAnswer> = {
  unknown_installation: { status: 200, text: "Unknown install ID" },
  inactive: { status: 200, text: "Installation is not active" },
};

/**
 * A booking broadcast: the latest state of the booking, stored for the installation's partner. Deliveries for an
 * installation we do not know, or one no longer installed, are answered 200 and not stored, whatever their body.
 */
export async function processBookingDelivery(
  deps: Pick<DeliveryDeps, "db">,
  tokenInstallId: string,
  rawBody: unknown,
): Promise<DeliveryAnswer> {
  const read = bookingIdOf(rawBody);
  if ("invalid" in read) {
    const partner = await findPartnerByInstallId(deps.db, tokenInstallId);
    if (!partner) return NOT_STORED.unknown_installation;
    return isInstalled(partner) ? read.invalid : NOT_STORED.inactive;
  }
  const booking = parseBookingWebhook(rawBody);
  const outcome = await acceptBookingDelivery(deps.db, tokenInstallId, {
    payload: rawBody,
    booking: { ...booking, bookingId: booking.bookingId || read.id },
  });
  if (!outcome.stored) return NOT_STORED[outcome.reason];
  return { status: 200, text: `Partner ${outcome.partnerName} received a booking change` };
}

/** The booking id of a body (`booking.id`, or `id` at the top), or why the body cannot be stored. */
function bookingIdOf(rawBody: unknown): { id: string } | { invalid: DeliveryAnswer } {
  if (!rawBody || typeof rawBody !== "object" || Array.isArray(rawBody)) {
    return { invalid: { status: 400, error: { code: "BAD_REQUEST", message: "The body must be a JSON object" } } };
  }
  const raw = rawBody as { id?: unknown; booking?: { id?: unknown } | null };
  const id = raw.booking && typeof raw.booking === "object" ? raw.booking.id : raw.id;
  if ((typeof id === "string" && id.trim() !== "") || typeof id === "number") return { id: String(id) };
  return {
    invalid: { status: 400, error: { code: "BAD_REQUEST", message: "booking.id is required", fields: { "booking.id": ["is required"] } } },
  };
}
