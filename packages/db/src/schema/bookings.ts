import type { Booking } from "@peektravel/app-utilities";
import { jsonb, pgTable, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";
import { id, timestamps } from "./columns";
import { partners } from "./partners";

/** The latest known state of each booking Peek told a partner's installation about (events carry state). */
export const bookings = pgTable(
  "bookings",
  {
    id: id(),
    partnerId: uuid()
      .notNull()
      .references(() => partners.id, { onDelete: "cascade" }),
    /** Peek's booking id: an opaque string. */
    bookingId: text().notNull(),
    status: text().notNull(),
    startsAt: timestamp({ withTimezone: true }),
    /** The booking as Peek's SDK parsed it. */
    data: jsonb().$type<Booking>().notNull(),
    changedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    ...timestamps(),
  },
  (t) => [unique("bookings_partner_id_booking_id_key").on(t.partnerId, t.bookingId)],
);

export type StoredBooking = typeof bookings.$inferSelect;
