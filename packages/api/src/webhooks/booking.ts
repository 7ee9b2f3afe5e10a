import { type BookingStatus, bookingEvents, bookings, type Database, rowsOf } from "@kit/db";
import { BOOKING_ID, normalizeBookingId, parseBookingWebhook, redactBookingPayload } from "@kit/peek";
import type { Booking } from "@peektravel/app-utilities";
import { sql } from "drizzle-orm";
import { preparedStatement } from "../services/prepared";
import { type DeliveryValue, deliveryInsertOf, deliveryValues } from "../services/webhook-inbox";
import { activePartnerCtes, NOT_STORED, type NotStored, notStoredFor, payloadNode } from "./delivery-target";
import { refused, type WebhookDeps, type WebhookResult, type WebhookToken } from "./types";
import { userTokenRule } from "./user-token-rule";

/** The fields of a booking the app lists, filters and shows on its timeline. */
export interface BookingSnapshot {
  bookingId: string;
  displayId: string;
  status: BookingStatus;
  checkedIn: boolean;
  noShow: boolean;
  activityName: string;
  startsAt: string | null;
  quantity: number;
  totalAmount: string | null;
  totalFormatted: string | null;
  guestName: string | null;
}

const DECIMAL = /^-?\d{1,15}(\.\d{1,6})?$/;
const text = (value: string | null | undefined, max: number) => (value ? value.slice(0, max) : null);

/**
 * What the app keeps of a parsed booking. Peek's SDK reads a missing `checkinStatus` as checked in: the raw payload
 * says whether the booking really was.
 */
export function bookingSnapshot(booking: Booking, raw: Record<string, unknown>): BookingSnapshot {
  const checkin = raw.checkinStatus;
  const startsAt = booking.startsAtUtc && !Number.isNaN(Date.parse(booking.startsAtUtc)) ? new Date(booking.startsAtUtc) : null;
  return {
    bookingId: normalizeBookingId(booking.bookingId),
    displayId: (booking.displayId ?? "").slice(0, 100),
    status: booking.isCanceled ? "canceled" : "booked",
    checkedIn: typeof checkin === "string" && checkin !== "NONE",
    noShow: booking.isNoShow,
    activityName: booking.productName && booking.productName !== "unknown" ? booking.productName.slice(0, 300) : "",
    startsAt: startsAt && startsAt.getUTCFullYear() >= 1 && startsAt.getUTCFullYear() <= 9999 ? startsAt.toISOString() : null,
    quantity: Number.isSafeInteger(booking.totalTickets) && booking.totalTickets >= 0 ? Math.min(booking.totalTickets, 1_000_000) : 0,
    totalAmount: booking.valueAmount && DECIMAL.test(booking.valueAmount) ? booking.valueAmount : null,
    totalFormatted: text(booking.valueDisplay, 100),
    guestName: text(booking.customerName, 200),
  };
}

/**
 * A booking broadcast (`booking_created`, `booking_updated`, `booking_canceled`): the latest state of the booking for
 * the installation's partner, plus a timeline row for each delivery applied. Deliveries are ordered by their token's
 * `iat`; an older one than the booking's last applied is recorded as stale. Deliveries for an installation we do not
 * know, or one no longer installed, are answered 200 and not stored, whatever their body.
 */
export async function processBookingDelivery(deps: WebhookDeps, token: WebhookToken, rawBody: unknown): Promise<WebhookResult> {
  const rule = userTokenRule("system", deps, token);
  if (!rule.ok) return rule;
  const node = payloadNode(rawBody, "booking");
  const access = { fullCustomerAccess: deps.fullCustomerAccess };
  const booking = node ? parseBookingWebhook(rawBody, access) : null;
  const bookingId = booking ? normalizeBookingId(booking.bookingId || String(node?.id ?? "")) : "";
  if (!node || !booking || !BOOKING_ID.test(bookingId)) {
    const invalid = node
      ? refused(400, "booking.id is required (a Peek booking id such as b_abc123)", { "booking.id": ["is required"] })
      : refused(400, "The body must be a JSON object");
    return (await notStoredFor(deps.db, token.installId)) ?? invalid;
  }
  const outcome = await applyBookingDelivery(deps.db, token.installId, {
    payload: redactBookingPayload(rawBody, access),
    booking,
    snapshot: { ...bookingSnapshot(booking, node), bookingId },
    eventAt: token.issuedAt ?? deps.clock(),
  });
  if ("notStored" in outcome) return outcome.notStored;
  if (outcome.applied) return { ok: true, message: `Partner ${outcome.partnerName} received a booking change` };
  return outcome.redelivered
    ? { ok: true, message: `Partner ${outcome.partnerName} already has this booking change: nothing to update.` }
    : {
        ok: true,
        message: `Partner ${outcome.partnerName} already has a newer state of booking ${bookingId}: this one was recorded, not applied.`,
      };
}

type Applied = { partnerName: string; applied: boolean; redelivered: boolean } | { notStored: NotStored };

/**
 * One SQL statement, one round trip: the partner lookup, the booking upsert (only if this delivery is not older than the
 * one applied last), its timeline row (only if applied) and the inbox row (accepted or stale) commit together. Built
 * once (`services/prepared.ts`); each delivery gives its values.
 */
const bookingDeliveryStatement = preparedStatement<keyof BookingSnapshot | "eventAt" | "data" | DeliveryValue>(
  (value) => sql`
      with ${activePartnerCtes(value("delivery.installId"))},
      upsert as (
        insert into ${bookings} (partner_id, booking_id, display_id, status, checked_in, no_show, activity_name, starts_at, quantity,
          total_amount, total_formatted, guest_name, event_at, data)
        select id, ${value("bookingId")}, ${value("displayId")}, ${value("status")}, ${value("checkedIn")}, ${value("noShow")}, ${value("activityName")},
          ${value("startsAt")}::timestamptz, ${value("quantity")}, ${value("totalAmount")}::numeric, ${value("totalFormatted")}, ${value("guestName")},
          ${value("eventAt")}::timestamptz, ${value("data")}::jsonb
        from target
        on conflict (partner_id, booking_id) do update set
          display_id = excluded.display_id, status = excluded.status, checked_in = excluded.checked_in, no_show = excluded.no_show,
          activity_name = excluded.activity_name, starts_at = excluded.starts_at, quantity = excluded.quantity,
          total_amount = excluded.total_amount, total_formatted = excluded.total_formatted, guest_name = excluded.guest_name,
          event_at = excluded.event_at, data = excluded.data, changed_at = now(), updated_at = now()
        -- Newer, or signed in the same second with other data (ties go to the later receipt); a redelivery changes nothing.
        where ${bookings}.event_at < excluded.event_at or (${bookings}.event_at = excluded.event_at and ${bookings}.data is distinct from excluded.data)
        returning partner_id, (xmax = 0) as created
      ),
      timeline as (
        insert into ${bookingEvents} (partner_id, booking_id, event, status, starts_at, quantity, total_amount, total_formatted, event_at)
        select partner_id, ${value("bookingId")},
          case when created then 'created' when ${value("status")} = 'canceled' then 'canceled' else 'updated' end,
          ${value("status")}, ${value("startsAt")}::timestamptz, ${value("quantity")}, ${value("totalAmount")}::numeric, ${value("totalFormatted")},
          ${value("eventAt")}::timestamptz
        from upsert
      ),
      inbox as (${deliveryInsertOf("booking", sql`case when exists (select 1 from upsert) then 'accepted' else 'stale' end`, value, "target")})
      select name, active, exists (select 1 from upsert) as applied, (select delivery_count from inbox) as deliveries from partner`,
);

export async function applyBookingDelivery(
  db: Pick<Database, "execute" | "_">,
  installId: string,
  delivery: { payload: unknown; booking: Booking; snapshot: BookingSnapshot; eventAt: Date },
): Promise<Applied> {
  const { snapshot } = delivery;
  const inbox = deliveryValues({
    kind: "booking",
    installId,
    payload: delivery.payload,
    reason: "older than the booking's last applied delivery",
    eventAt: delivery.eventAt,
  });
  const [row] = rowsOf<{ name: string; active: boolean; applied: boolean; deliveries: number | null }>(
    await bookingDeliveryStatement(db, {
      ...snapshot,
      eventAt: delivery.eventAt.toISOString(),
      data: JSON.stringify({ ...delivery.booking, bookingId: snapshot.bookingId }),
      ...inbox,
    }),
  );
  if (!row) return { notStored: NOT_STORED.unknown_installation };
  if (!row.active) return { notStored: NOT_STORED.inactive };
  return { partnerName: row.name, applied: row.applied, redelivered: (row.deliveries ?? 1) > 1 };
}
