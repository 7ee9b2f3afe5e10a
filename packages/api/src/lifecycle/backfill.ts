import { bookingEvents, bookings, type Database, partners, rowsOf } from "@kit/db";
import { BOOKING_ID, MAX_CLOCK_TOLERANCE_S, normalizeBookingId, type PeekAccessConfig, searchBookingsStarting } from "@kit/peek";
import { eq, sql } from "drizzle-orm";
import { isInstalled } from "../services/partners";
import { peekAccessFor } from "../services/peek-access";
import { storableJson } from "../services/storable-values";
import { bookingSnapshot } from "../webhooks/booking";

export interface BackfillResult {
  /** Bookings Peek returned. */
  read: number;
  /** Stored for the first time. */
  created: number;
  /** Stored before, and different now. */
  updated: number;
  /** Why nothing was read, when nothing was. */
  skipped: "not_installed" | "unsupported_platform" | "disabled" | null;
}

/**
 * On install (and reinstall): the installation's bookings starting in the next `days` days, read from Peek through the
 * SDK's booking search (by activity date), stored as if Peek had delivered them at the time they were read. A booking a
 * webhook has since updated keeps the webhook's state (it is newer); one already stored as read changes nothing, so
 * running this twice is safe and the second run writes nothing.
 */
export async function backfillBookings(
  db: Database,
  options: {
    partnerId: string;
    days: number;
    now: Date;
    peek: PeekAccessConfig;
    /** Peek's booking search (the SDK's, through the access layer); tests give what Peek would answer. */
    search?: typeof searchBookingsStarting;
  },
): Promise<BackfillResult> {
  const none = (skipped: BackfillResult["skipped"]): BackfillResult => ({ read: 0, created: 0, updated: 0, skipped });
  if (options.days <= 0) return none("disabled");
  const [partner] = await db.select().from(partners).where(eq(partners.id, options.partnerId));
  if (!partner || !isInstalled(partner)) return none("not_installed");
  const access = peekAccessFor(partner, options.peek);
  const found = await (options.search ?? searchBookingsStarting)(access, {
    from: options.now,
    to: new Date(options.now.getTime() + options.days * 86_400_000),
  });
  if (found.source === "unsupported") return none("unsupported_platform");
  const result: BackfillResult = { read: found.bookings.length, created: 0, updated: 0, skipped: null };
  // A delivery is dated by Peek's clock, to the second it was signed (the token's iat); the read, by this server's clock.
  // Any delivery that may have been signed after the read must win over it, whichever arrives first: the read is dated
  // to its second, less the clock difference token checks allow, and replaces only rows older than that, while a
  // delivery replaces anything not newer than itself. Given to the read, a doubtful case would keep what Peek held
  // before a change until the booking's next one; given to the delivery, it is at worst a moment behind, since every
  // later change comes with a delivery of its own.
  const eventAt = new Date((Math.floor(options.now.getTime() / 1000) - MAX_CLOCK_TOLERANCE_S) * 1000).toISOString();
  for (const read of found.bookings) {
    const bookingId = normalizeBookingId(read.bookingId);
    if (!BOOKING_ID.test(bookingId)) continue;
    // As stored: text Postgres cannot hold as Peek gave it (half an emoji, a NUL) becomes U+FFFD, in the columns and the
    // document alike, so one such booking neither fails the job nor stops the ones after it.
    const data = storableJson({ ...read, bookingId });
    const booking = JSON.parse(data) as typeof read;
    // The search's answer has no raw check-in field: the SDK's flag is Peek's own answer here.
    const s = { ...bookingSnapshot(booking, { checkinStatus: booking.isCheckedIn ? "CHECKED_IN" : "NONE" }), bookingId };
    const [row] = rowsOf<{ created: boolean }>(
      await db.execute(sql`
        with upsert as (
          insert into ${bookings} (partner_id, booking_id, display_id, status, checked_in, no_show, activity_name, starts_at, quantity,
            total_amount, total_formatted, guest_name, event_at, data)
          values (${partner.id}, ${s.bookingId}, ${s.displayId}, ${s.status}, ${s.checkedIn}, ${s.noShow}, ${s.activityName},
            ${s.startsAt}::timestamptz, ${s.quantity}, ${s.totalAmount}::numeric, ${s.totalFormatted}, ${s.guestName}, ${eventAt}::timestamptz,
            ${data}::jsonb)
          on conflict (partner_id, booking_id) do update set
            display_id = excluded.display_id, status = excluded.status, checked_in = excluded.checked_in, no_show = excluded.no_show,
            activity_name = excluded.activity_name, starts_at = excluded.starts_at, quantity = excluded.quantity,
            total_amount = excluded.total_amount, total_formatted = excluded.total_formatted, guest_name = excluded.guest_name,
            event_at = excluded.event_at, data = excluded.data, changed_at = now(), updated_at = now()
          where ${bookings}.event_at < excluded.event_at and ${bookings}.data is distinct from excluded.data
          returning partner_id, (xmax = 0) as created
        ),
        timeline as (
          insert into ${bookingEvents} (partner_id, booking_id, event, status, starts_at, quantity, total_amount, total_formatted, event_at)
          select partner_id, ${s.bookingId}, case when created then 'created' else 'updated' end, ${s.status}, ${s.startsAt}::timestamptz,
            ${s.quantity}, ${s.totalAmount}::numeric, ${s.totalFormatted}, ${eventAt}::timestamptz
          from upsert
        )
        select created from upsert`),
    );
    if (row?.created) result.created += 1;
    else if (row) result.updated += 1;
  }
  return result;
}
