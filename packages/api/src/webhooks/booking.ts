import { type BookingStatus, bookingEvents, bookings, type Database, rowsOf } from "@kit/db";
import { BOOKING_ID, normalizeBookingId, parseBookingWebhook, redactBookingPayload } from "@kit/peek";
import type { Booking } from "@peektravel/app-utilities";
import { type SQL, sql } from "drizzle-orm";
import { preparedStatement } from "../services/prepared";
import { truncate } from "../services/truncate";
import { type DeliveryValue, dedupeKeyOf, deliveryInsertOf } from "../services/webhook-inbox";
import { type BatchedDelivery, deliveryBatcher } from "./delivery-batches";
import { batchPartnerCtes, NOT_STORED, type NotStored, notStoredFor, payloadNode } from "./delivery-target";
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
/** A field the SDK passed through as it came: a string, or nothing (a number or an object where text belongs). */
const stringOf = (value: unknown): string | null => (typeof value === "string" ? value : null);
const text = (value: unknown, max: number) => {
  const string = stringOf(value);
  return string ? truncate(string, max) : null;
};

/**
 * What the app keeps of a parsed booking. Peek's SDK reads a missing `checkinStatus` as checked in: the raw payload
 * says whether the booking really was.
 */
export function bookingSnapshot(booking: Booking, raw: Record<string, unknown>): BookingSnapshot {
  const checkin = raw.checkinStatus;
  const startsAtText = stringOf(booking.startsAtUtc);
  const startsAt = startsAtText && !Number.isNaN(Date.parse(startsAtText)) ? new Date(startsAtText) : null;
  const activity = stringOf(booking.productName);
  const amount = stringOf(booking.valueAmount);
  return {
    bookingId: normalizeBookingId(stringOf(booking.bookingId) ?? ""),
    displayId: text(booking.displayId, 100) ?? "",
    status: booking.isCanceled === true ? "canceled" : "booked",
    checkedIn: typeof checkin === "string" && checkin !== "NONE",
    noShow: booking.isNoShow === true,
    activityName: activity && activity !== "unknown" ? truncate(activity, 300) : "",
    startsAt: startsAt && startsAt.getUTCFullYear() >= 1 && startsAt.getUTCFullYear() <= 9999 ? startsAt.toISOString() : null,
    quantity: Number.isSafeInteger(booking.totalTickets) && booking.totalTickets >= 0 ? Math.min(booking.totalTickets, 1_000_000) : 0,
    totalAmount: amount && DECIMAL.test(amount) ? amount : null,
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
  const bookingId = booking ? normalizeBookingId(stringOf(booking.bookingId) || stringOf(node?.id) || "") : "";
  if (!node || !booking || !BOOKING_ID.test(bookingId)) {
    const invalid = !node
      ? refused(400, "The body must be a JSON object, and its booking an object")
      : !booking
        ? refused(400, "The booking could not be read: a field has the wrong type", { booking: ["has a field of the wrong type"] })
        : refused(400, "booking.id is required (a Peek booking id such as b_abc123)", { "booking.id": ["is required"] });
    return (await notStoredFor(deps.db, token.installId)) ?? invalid;
  }
  const outcome = await applyBookingDelivery(deps.db, token.installId, {
    payload: redactBookingPayload(rawBody, access),
    booking,
    snapshot: { ...bookingSnapshot(booking, node), bookingId },
    eventAt: token.issuedAt ?? deps.clock(),
    batchesInFlight: deps.batchesInFlight,
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

/** One booking delivery as the batch statement reads it: a row of its JSON array (`jsonb_to_recordset`). */
interface DeliveryRow {
  n: number;
  install_id: string;
  booking_id: string;
  display_id: string;
  status: BookingStatus;
  checked_in: boolean;
  no_show: boolean;
  activity_name: string;
  starts_at: string | null;
  quantity: number;
  total_amount: string | null;
  total_formatted: string | null;
  guest_name: string | null;
  event_at: string;
  data: unknown;
  key: string;
  payload: unknown;
}

/** The columns of {@link DeliveryRow} with their SQL types, in the record definition `jsonb_to_recordset` needs. */
const DELIVERY_COLUMNS = sql.raw(
  `n integer, install_id text, booking_id text, display_id text, status text, checked_in boolean, no_show boolean, activity_name text,
  starts_at timestamptz, quantity integer, total_amount numeric, total_formatted text, guest_name text, event_at timestamptz,
  data jsonb, key text, payload jsonb`,
);

/** Why a delivery was recorded and not applied (the inbox row of an applied one has no reason). */
const STALE_REASON = "older than the booking's last applied delivery";

/** The inbox row's values, from the batch's columns. */
const inboxColumn: Record<DeliveryValue, SQL> = {
  "delivery.key": sql`d.key`,
  "delivery.installId": sql`d.install_id`,
  "delivery.reason": sql`case when applied.n is null then ${STALE_REASON} end`,
  "delivery.payload": sql`d.payload`,
  "delivery.eventAt": sql`d.event_at`,
  "delivery.actorUserId": sql`null::text`,
};

/**
 * One SQL statement, one round trip and one commit for a batch of deliveries (one delivery when the database keeps up:
 * `statementBatcher`): each delivery's partner lookup, its booking upsert (only if the delivery is not older than the one
 * applied last), its timeline row (only if applied) and its inbox row (accepted or stale) commit together. No two
 * deliveries of a batch, nor of two batches running at once, share a booking or an inbox row. Built once
 * (`services/prepared.ts`); a batch is one JSON value.
 */
const bookingDeliveryStatement = preparedStatement<"deliveries">(
  (value) => sql`
      with ${batchPartnerCtes(value("deliveries"), DELIVERY_COLUMNS)},
      target as (select n, id from partner where active),
      upsert as (
        insert into ${bookings} (partner_id, booking_id, display_id, status, checked_in, no_show, activity_name, starts_at, quantity,
          total_amount, total_formatted, guest_name, event_at, data)
        select target.id, d.booking_id, d.display_id, d.status, d.checked_in, d.no_show, d.activity_name, d.starts_at, d.quantity,
          d.total_amount, d.total_formatted, d.guest_name, d.event_at, d.data
        from target join d using (n)
        -- Concurrent batches lock bookings in one order, so two of them never wait on each other in a cycle.
        order by target.id, d.booking_id
        on conflict (partner_id, booking_id) do update set
          display_id = excluded.display_id, status = excluded.status, checked_in = excluded.checked_in, no_show = excluded.no_show,
          activity_name = excluded.activity_name, starts_at = excluded.starts_at, quantity = excluded.quantity,
          total_amount = excluded.total_amount, total_formatted = excluded.total_formatted, guest_name = excluded.guest_name,
          event_at = excluded.event_at, data = excluded.data, changed_at = now(), updated_at = now()
        -- Newer, or signed in the same second with other data (ties go to the later receipt); a redelivery changes nothing.
        where ${bookings}.event_at < excluded.event_at or (${bookings}.event_at = excluded.event_at and ${bookings}.data is distinct from excluded.data)
        returning partner_id, booking_id, (xmax = 0) as created
      ),
      applied as (
        select target.n, target.id, upsert.created from upsert
        join target on target.id = upsert.partner_id join d on d.n = target.n and d.booking_id = upsert.booking_id
      ),
      timeline as (
        insert into ${bookingEvents} (partner_id, booking_id, event, status, starts_at, quantity, total_amount, total_formatted, event_at)
        select applied.id, d.booking_id, case when applied.created then 'created' when d.status = 'canceled' then 'canceled' else 'updated' end,
          d.status, d.starts_at, d.quantity, d.total_amount, d.total_formatted, d.event_at
        from applied join d using (n)
      ),
      inbox as (${deliveryInsertOf(
        "booking",
        sql`case when applied.n is null then 'stale' else 'accepted' end`,
        (name) => inboxColumn[name],
        sql`target join d using (n) left join applied using (n) order by d.key`,
      )})
      select d.n, partner.name, partner.active, applied.n is not null as applied, inbox.delivery_count as deliveries
      from d left join partner using (n) left join applied using (n) left join inbox on inbox.dedupe_key = d.key`,
);

type Outcome = { name: string | null; active: boolean | null; applied: boolean; deliveries: number | null };

const batcherOf = deliveryBatcher<Omit<DeliveryRow, "n"> & BatchedDelivery, Outcome & { n: number }>(async (db, deliveries) =>
  rowsOf(await bookingDeliveryStatement(db, { deliveries })),
);

export async function applyBookingDelivery(
  db: Pick<Database, "execute" | "_">,
  installId: string,
  delivery: { payload: unknown; booking: Booking; snapshot: BookingSnapshot; eventAt: Date; batchesInFlight?: number },
): Promise<Applied> {
  const { snapshot, payload } = delivery;
  const eventAt = delivery.eventAt.toISOString();
  const key = dedupeKeyOf("booking", installId, payload);
  const submit = batcherOf(db, delivery.batchesInFlight);
  const row = await submit({
    keys: [`${installId}\n${snapshot.bookingId}`, key],
    install_id: installId,
    booking_id: snapshot.bookingId,
    display_id: snapshot.displayId,
    status: snapshot.status,
    checked_in: snapshot.checkedIn,
    no_show: snapshot.noShow,
    activity_name: snapshot.activityName,
    starts_at: snapshot.startsAt,
    quantity: snapshot.quantity,
    total_amount: snapshot.totalAmount,
    total_formatted: snapshot.totalFormatted,
    guest_name: snapshot.guestName,
    event_at: eventAt,
    data: { ...delivery.booking, bookingId: snapshot.bookingId },
    key,
    payload,
  });
  if (row.name === null) return { notStored: NOT_STORED.unknown_installation };
  if (!row.active) return { notStored: NOT_STORED.inactive };
  return { partnerName: row.name, applied: row.applied, redelivered: (row.deliveries ?? 1) > 1 };
}
