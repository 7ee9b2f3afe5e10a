import { bookings, type Database, type Partner } from "@kit/db";
import type { Booking } from "@peektravel/app-utilities";
import { sql } from "drizzle-orm";
import { recordDelivery } from "./webhook-inbox";

/** A short status for listing and filtering; the parsed booking keeps every detail. */
export function bookingStatusOf(booking: Booking): string {
  if (booking.isCanceled) return "canceled";
  if (booking.isNoShow) return "no_show";
  if (booking.isReturned) return "returned";
  if (booking.isCheckedIn) return "checked_in";
  return "booked";
}

/** Stores the latest state of a booking for the partner, with the delivery, in one transaction. */
export async function acceptBookingDelivery(
  db: Database,
  partner: Partner,
  delivery: { payload: unknown; booking: Booking },
): Promise<void> {
  const { booking } = delivery;
  const startsAt = booking.startsAtUtc && !Number.isNaN(Date.parse(booking.startsAtUtc)) ? new Date(booking.startsAtUtc) : null;
  await db.transaction(async (tx) => {
    await recordDelivery(tx, {
      kind: "booking",
      installId: partner.appRegistryInstallationRefid ?? partner.id,
      payload: delivery.payload,
      outcome: "accepted",
    });
    await tx
      .insert(bookings)
      .values({ partnerId: partner.id, bookingId: booking.bookingId, status: bookingStatusOf(booking), startsAt, data: booking })
      .onConflictDoUpdate({
        target: [bookings.partnerId, bookings.bookingId],
        set: {
          status: sql`excluded.status`,
          startsAt: sql`excluded.starts_at`,
          data: sql`excluded.data`,
          changedAt: sql`now()`,
          updatedAt: sql`now()`,
        },
      });
  });
}
