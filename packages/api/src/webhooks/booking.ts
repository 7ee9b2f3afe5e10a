import { bookings, type Database, partners, rowsOf } from "@kit/db";
import { parseBookingWebhook } from "@kit/peek";
import type { Booking } from "@peektravel/app-utilities";
import { sql } from "drizzle-orm";
import { findPartnerByInstallId, INSTALLED_STATUSES, isInstalled } from "../services/partners";
import { deliveryInsert } from "../services/webhook-inbox";
import { refused, type WebhookDeps, type WebhookResult, type WebhookToken } from "./types";
import { userTokenRule } from "./user-token-rule";

/** A short status for listing and filtering; the parsed booking keeps every detail. */
export function bookingStatusOf(booking: Booking): string {
  if (booking.isCanceled) return "canceled";
  if (booking.isNoShow) return "no_show";
  if (booking.isReturned) return "returned";
  if (booking.isCheckedIn) return "checked_in";
  return "booked";
}

const NOT_STORED = {
  unknown_installation: { ok: true, message: "Unknown install ID" },
  inactive: { ok: true, message: "Installation is not active" },
} as const satisfies Record<string, WebhookResult>;

/**
 * A booking broadcast: the latest state of the booking, stored for the installation's partner. Deliveries for an
 * installation we do not know, or one no longer installed, are answered 200 and not stored, whatever their body.
 */
export async function processBookingDelivery(deps: WebhookDeps, token: WebhookToken, rawBody: unknown): Promise<WebhookResult> {
  const rule = userTokenRule("system", deps, token);
  if (!rule.ok) return rule;
  const read = bookingIdOf(rawBody);
  if ("invalid" in read) {
    const partner = await findPartnerByInstallId(deps.db, token.installId);
    if (!partner) return NOT_STORED.unknown_installation;
    return isInstalled(partner) ? read.invalid : NOT_STORED.inactive;
  }
  const booking = parseBookingWebhook(rawBody);
  const outcome = await acceptBookingDelivery(deps.db, token.installId, {
    payload: rawBody,
    booking: { ...booking, bookingId: booking.bookingId || read.id },
    eventAt: token.issuedAt ?? deps.clock(),
  });
  if (!outcome.stored) return NOT_STORED[outcome.reason];
  return { ok: true, message: `Partner ${outcome.partnerName} received a booking change` };
}

/** The booking id of a body (`booking.id`, or `id` at the top), or why the body cannot be stored. */
function bookingIdOf(rawBody: unknown): { id: string } | { invalid: WebhookResult } {
  if (!rawBody || typeof rawBody !== "object" || Array.isArray(rawBody)) return { invalid: refused(400, "The body must be a JSON object") };
  const raw = rawBody as { id?: unknown; booking?: { id?: unknown } | null };
  const id = raw.booking && typeof raw.booking === "object" ? raw.booking.id : raw.id;
  if ((typeof id === "string" && id.trim() !== "" && id.length <= 255) || typeof id === "number") return { id: String(id) };
  return { invalid: refused(400, "booking.id is required", { "booking.id": ["is required"] }) };
}

/** What became of a booking delivery: stored for the named partner, or nothing stored and why. */
export type BookingDeliveryOutcome = { stored: true; partnerName: string } | { stored: false; reason: "unknown_installation" | "inactive" };

/**
 * Stores the latest state of a booking, with its inbox row, for the partner of an active installation — in one SQL
 * statement: the partner lookup, the inbox row and the upsert commit together, in one round trip to the database.
 */
export async function acceptBookingDelivery(
  db: Pick<Database, "execute">,
  installId: string,
  delivery: { payload: unknown; booking: Booking; eventAt: Date },
): Promise<BookingDeliveryOutcome> {
  const { booking } = delivery;
  const startsAt =
    booking.startsAtUtc && !Number.isNaN(Date.parse(booking.startsAtUtc)) ? new Date(booking.startsAtUtc).toISOString() : null;
  const inbox = deliveryInsert(
    { kind: "booking", installId, payload: delivery.payload, outcome: "accepted", eventAt: delivery.eventAt },
    "target",
  );
  const [row] = rowsOf<{ name: string; active: boolean }>(
    await db.execute(sql`
      with partner as (
        select id, name, coalesce(app_registry_installation->>'status' in ${INSTALLED_STATUSES}, false) as active
        from ${partners} where app_registry_installation_refid = ${installId}
      ),
      target as (select id from partner where active),
      inbox as (${inbox}),
      upsert as (
        insert into ${bookings} (partner_id, booking_id, status, starts_at, data)
        select id, ${booking.bookingId}, ${bookingStatusOf(booking)}, ${startsAt}::timestamptz, ${JSON.stringify(booking)}::jsonb from target
        on conflict (partner_id, booking_id) do update set
          status = excluded.status, starts_at = excluded.starts_at, data = excluded.data, changed_at = now(), updated_at = now()
      )
      select name, active from partner`),
  );
  if (!row) return { stored: false, reason: "unknown_installation" };
  return row.active ? { stored: true, partnerName: row.name } : { stored: false, reason: "inactive" };
}
