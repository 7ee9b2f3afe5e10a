import { bookings, type Database, partners, rowsOf } from "@kit/db";
import type { Booking } from "@peektravel/app-utilities";
import { sql } from "drizzle-orm";
import { INSTALLED_STATUSES } from "./partners";
import { deliveryInsert } from "./webhook-inbox";

/** A short status for listing and filtering; the parsed booking keeps every detail. */
export function bookingStatusOf(booking: Booking): string {
  if (booking.isCanceled) return "canceled";
  if (booking.isNoShow) return "no_show";
  if (booking.isReturned) return "returned";
  if (booking.isCheckedIn) return "checked_in";
  return "booked";
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
  delivery: { payload: unknown; booking: Booking },
): Promise<BookingDeliveryOutcome> {
  const { booking } = delivery;
  const startsAt =
    booking.startsAtUtc && !Number.isNaN(Date.parse(booking.startsAtUtc)) ? new Date(booking.startsAtUtc).toISOString() : null;
  const inbox = deliveryInsert({ kind: "booking", installId, payload: delivery.payload, outcome: "accepted" }, "target");
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
