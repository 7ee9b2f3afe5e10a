import type { Booking } from "@peektravel/app-utilities";
import { sql } from "drizzle-orm";
import { boolean, check, index, integer, jsonb, numeric, pgTable, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";
import { id, timestamps } from "./columns";
import { partners } from "./partners";

export const bookingStatuses = ["booked", "canceled"] as const;
export type BookingStatus = (typeof bookingStatuses)[number];

/** What a delivery did to a booking, derived (Peek's payload does not say which event fired): see `booking_events`. */
export const bookingEventKinds = ["created", "updated", "canceled"] as const;
export type BookingEventKind = (typeof bookingEventKinds)[number];

/**
 * The latest known state of each booking Peek told a partner's installation about (events carry state, not change),
 * with the fields the app lists, filters and searches by; `data` keeps the SDK's whole parsed booking.
 */
export const bookings = pgTable(
  "bookings",
  {
    id: id(),
    partnerId: uuid()
      .notNull()
      .references(() => partners.id, { onDelete: "cascade" }),
    /** Peek's booking id, normalised (`b_abc123`). */
    bookingId: text().notNull(),
    /** What people read (`B-ABC123`). */
    displayId: text().notNull().default(""),
    status: text({ enum: bookingStatuses }).notNull().default("booked"),
    checkedIn: boolean().notNull().default(false),
    noShow: boolean().notNull().default(false),
    activityName: text().notNull().default(""),
    startsAt: timestamp({ withTimezone: true }),
    /** Tickets (guests) on the booking. */
    quantity: integer().notNull().default(0),
    /** The booking's total as a decimal and as Peek formatted it (`$98.00`); null when the payload had none. */
    totalAmount: numeric(),
    totalFormatted: text(),
    /** The primary guest's name (never their email or phone unless the app has full customer access). */
    guestName: text(),
    /** When Peek signed the delivery applied last (its token's `iat`): an older delivery is recorded, not applied. */
    eventAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** The booking as Peek's SDK parsed it. */
    data: jsonb().$type<Booking>().notNull(),
    changedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    ...timestamps(),
  },
  (t) => [
    unique("bookings_partner_id_booking_id_key").on(t.partnerId, t.bookingId),
    index().on(t.partnerId, t.startsAt, t.bookingId),
    check("bookings_status_check", sql`${t.status} in ('booked', 'canceled')`),
  ],
);

/** A booking's timeline: one row per applied delivery, what it changed to. */
export const bookingEvents = pgTable(
  "booking_events",
  {
    id: id(),
    partnerId: uuid()
      .notNull()
      .references(() => partners.id, { onDelete: "cascade" }),
    bookingId: text().notNull(),
    event: text({ enum: bookingEventKinds }).notNull(),
    status: text({ enum: bookingStatuses }).notNull(),
    startsAt: timestamp({ withTimezone: true }),
    quantity: integer().notNull(),
    totalAmount: numeric(),
    totalFormatted: text(),
    /** When Peek signed the delivery. */
    eventAt: timestamp({ withTimezone: true }).notNull(),
    receivedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index().on(t.partnerId, t.bookingId, t.eventAt),
    check("booking_events_event_check", sql`${t.event} in ('created', 'updated', 'canceled')`),
    check("booking_events_status_check", sql`${t.status} in ('booked', 'canceled')`),
  ],
);

/**
 * Waivers signed for a partner's bookings (`agreement_signature_created`). A waiver has no id of its own: it is the
 * booking, the template and the time it was signed. Linked to its booking by (partner, booking id), whenever that
 * booking arrives.
 */
export const waivers = pgTable(
  "waivers",
  {
    id: id(),
    partnerId: uuid()
      .notNull()
      .references(() => partners.id, { onDelete: "cascade" }),
    bookingId: text().notNull(),
    templateId: text().notNull(),
    signedAt: timestamp({ withTimezone: true }).notNull(),
    signedByGuardian: boolean().notNull().default(false),
    /** Only with full customer access (`PEEK_FULL_CUSTOMER_ACCESS`). */
    participantName: text(),
    optinMarketing: boolean().notNull().default(false),
    optinSms: boolean().notNull().default(false),
    receivedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique("waivers_partner_id_booking_id_template_id_signed_at_key").on(t.partnerId, t.bookingId, t.templateId, t.signedAt),
    index().on(t.partnerId, t.bookingId),
  ],
);

export type StoredBooking = typeof bookings.$inferSelect;
export type BookingEvent = typeof bookingEvents.$inferSelect;
export type StoredWaiver = typeof waivers.$inferSelect;
