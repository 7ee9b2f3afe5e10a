import { bookingEvents, bookings, type Database, type Partner, type StoredBooking, waivers } from "@kit/db";
import { normalizeBookingId, type PeekAccessConfig, searchRecentBookings } from "@kit/peek";
import type { Booking } from "@peektravel/app-utilities";
import { and, asc, count, desc, eq, gt, gte, ilike, isNull, lt, or, type SQL, type SQLWrapper, sql, sum } from "drizzle-orm";
import { BadInputError, InvalidCursorError, NotConfiguredError, NotFoundError } from "../errors";
import { containsPattern } from "./like-pattern";
import { peekAccessFor } from "./peek-access";
import { preparedPer } from "./prepared";
import { isStorableInstant, isStorableText } from "./storable-values";
import { localDate, localDateTime, nextDate, startOfLocalDay, zoneOrUtc } from "./zoned-time";

/** A booking as the app lists it: times in UTC and on the partner's wall clock, money as a decimal and as Peek wrote it. */
export interface BookingItem {
  bookingId: string;
  displayId: string;
  status: "booked" | "canceled";
  checkedIn: boolean;
  noShow: boolean;
  activityName: string;
  startsAt: Date | null;
  /** `2026-12-14T09:00:00`: the start on the partner's wall clock (no offset). */
  startsAtLocal: string | null;
  timezone: string;
  guestName: string | null;
  quantity: number;
  total: { amount: string; formatted: string } | null;
  updatedAt: Date;
}

export type BookingStatusFilter = "booked" | "canceled" | "checked_in" | "no_show";

export interface BookingListInput {
  cursor?: string | null | undefined;
  limit: number;
  status?: BookingStatusFilter | null | undefined;
  /** `YYYY-MM-DD` in the partner's time zone, inclusive. */
  from?: string | null | undefined;
  to?: string | null | undefined;
  search?: string | null | undefined;
}

const totalOf = (amount: string | null, formatted: string | null) => (amount === null ? null : { amount, formatted: formatted ?? amount });

/** The columns a list item is made of (not the stored payload). */
const itemColumns = {
  bookingId: bookings.bookingId,
  displayId: bookings.displayId,
  status: bookings.status,
  checkedIn: bookings.checkedIn,
  noShow: bookings.noShow,
  activityName: bookings.activityName,
  startsAt: bookings.startsAt,
  guestName: bookings.guestName,
  quantity: bookings.quantity,
  totalAmount: bookings.totalAmount,
  totalFormatted: bookings.totalFormatted,
  updatedAt: bookings.updatedAt,
};
type ItemRow = Pick<StoredBooking, keyof typeof itemColumns>;

export function toBookingItem(row: ItemRow, timezone: string): BookingItem {
  return {
    bookingId: row.bookingId,
    displayId: row.displayId,
    status: row.status,
    checkedIn: row.checkedIn,
    noShow: row.noShow,
    activityName: row.activityName,
    startsAt: row.startsAt,
    startsAtLocal: row.startsAt ? localDateTime(row.startsAt, timezone) : null,
    timezone,
    guestName: row.guestName,
    quantity: row.quantity,
    total: totalOf(row.totalAmount, row.totalFormatted),
    updatedAt: row.updatedAt,
  };
}

/**
 * The calendar's first and last days reach past years 1–9999 once they are instants (year 0 east of UTC, year 10 000
 * after the last day): the range is open at that end.
 */
const storable = (instant: Date): Date | null => (isStorableInstant(instant) ? instant : null);

/** The instants a `from`–`to` range of local dates covers: [start of `from`, start of the day after `to`). */
function rangeOf(input: { from?: string | null | undefined; to?: string | null | undefined }, timezone: string) {
  if (input.from && input.to && input.to < input.from) throw new BadInputError("to must not be before from");
  return {
    start: input.from ? storable(startOfLocalDay(input.from, timezone)) : null,
    end: input.to ? storable(startOfLocalDay(nextDate(input.to), timezone)) : null,
  };
}

/** Ordered by start (bookings without one last), then id: the cursor is the last item's place in that order. */
const encodeCursor = (row: Pick<StoredBooking, "startsAt" | "bookingId">) =>
  Buffer.from(JSON.stringify([row.startsAt?.toISOString() ?? null, row.bookingId])).toString("base64url");
function decodeCursor(cursor: string): { startsAt: Date | null; bookingId: string } {
  try {
    const [at, bookingId] = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as [unknown, unknown];
    const startsAt = at === null ? null : new Date(String(at));
    // Not signed: a forged one must still hold values Postgres takes.
    if (
      typeof bookingId !== "string" ||
      bookingId.length > 100 ||
      !isStorableText(bookingId) ||
      (startsAt && !isStorableInstant(startsAt))
    ) {
      throw new Error();
    }
    return { startsAt, bookingId };
  } catch {
    throw new InvalidCursorError();
  }
}

const STATUS_FILTERS: Record<BookingStatusFilter, SQL | undefined> = {
  booked: eq(bookings.status, "booked"),
  canceled: eq(bookings.status, "canceled"),
  checked_in: and(eq(bookings.status, "booked"), eq(bookings.checkedIn, true)),
  no_show: eq(bookings.noShow, true),
};

/** The list's filters (status, local date range, search) for the partner taken from the verified context. */
function listFilters(partner: Pick<Partner, "id" | "timezone">, input: Omit<BookingListInput, "cursor" | "limit">): SQL | undefined {
  const { start, end } = rangeOf(input, zoneOrUtc(partner.timezone));
  const search = input.search?.trim();
  return and(
    eq(bookings.partnerId, partner.id),
    input.status ? STATUS_FILTERS[input.status] : undefined,
    start ? gte(bookings.startsAt, start) : undefined,
    end ? lt(bookings.startsAt, end) : undefined,
    search ? or(ilike(bookings.displayId, containsPattern(search)), ilike(bookings.guestName, containsPattern(search))) : undefined,
  );
}

/** The list's order: by start, bookings without one last, then id. */
const listOrder = [sql`${bookings.startsAt} asc nulls last`, asc(bookings.bookingId)] as const;

/** Rows after the cursor's row in the list's order (a row with no start comes after every row with one). */
const afterCursor = (after: { startsAt: Date | SQLWrapper | null; bookingId: string | SQLWrapper }) =>
  after.startsAt
    ? or(
        gt(bookings.startsAt, after.startsAt),
        and(eq(bookings.startsAt, after.startsAt), gt(bookings.bookingId, after.bookingId)),
        isNull(bookings.startsAt),
      )
    : and(isNull(bookings.startsAt), gt(bookings.bookingId, after.bookingId));

/** The first page with no filter — what the bookings page asks when it opens — as a prepared statement per database. */
const firstPageOf = preparedPer((db: Database) =>
  db
    .select(itemColumns)
    .from(bookings)
    .where(eq(bookings.partnerId, sql.placeholder("partnerId")))
    .orderBy(...listOrder)
    .limit(sql.placeholder("limit"))
    .prepare("kit_bookings_first_page"),
);

/** The pages after it with no filter, after a booking that has a start: prepared too. */
const nextPageOf = preparedPer((db: Database) =>
  db
    .select(itemColumns)
    .from(bookings)
    .where(
      and(
        eq(bookings.partnerId, sql.placeholder("partnerId")),
        afterCursor({ startsAt: sql.placeholder("afterAt"), bookingId: sql.placeholder("afterId") }),
      ),
    )
    .orderBy(...listOrder)
    .limit(sql.placeholder("limit"))
    .prepare("kit_bookings_next_page"),
);

/** How many bookings the partner has, with no filter (the list's "page X of Y" as it opens): prepared. */
const countAllOf = preparedPer((db: Database) =>
  db
    .select({ total: count() })
    .from(bookings)
    .where(eq(bookings.partnerId, sql.placeholder("partnerId")))
    .prepare("kit_bookings_count_all"),
);

const unfiltered = (input: Omit<BookingListInput, "cursor" | "limit">) =>
  !input.status && !input.from && !input.to && !input.search?.trim();

/**
 * The rows of a page: prepared statements for the unfiltered list (its first page, and the pages after a booking with a
 * start), a built query for the rest.
 */
async function pageRows(
  db: Database,
  partner: Pick<Partner, "id" | "timezone">,
  input: Omit<BookingListInput, "cursor" | "limit">,
  after: { startsAt: Date | null; bookingId: string } | null,
  limit: number,
) {
  if (unfiltered(input) && !after) return firstPageOf(db).execute({ partnerId: partner.id, limit });
  if (unfiltered(input) && after?.startsAt)
    return nextPageOf(db).execute({ partnerId: partner.id, afterAt: after.startsAt.toISOString(), afterId: after.bookingId, limit });
  return db
    .select(itemColumns)
    .from(bookings)
    .where(and(listFilters(partner, input), after ? afterCursor(after) : undefined))
    .orderBy(...listOrder)
    .limit(limit);
}

/** A page of the partner's bookings (every query here takes the partner from the verified context). */
export async function listBookings(
  db: Database,
  partner: Pick<Partner, "id" | "timezone">,
  input: BookingListInput,
): Promise<{ items: BookingItem[]; nextCursor: string | null }> {
  const timezone = zoneOrUtc(partner.timezone);
  const after = input.cursor ? decodeCursor(input.cursor) : null;
  const rows = await pageRows(db, partner, input, after, input.limit + 1);
  const page = rows.slice(0, input.limit);
  const last = page.at(-1);
  return {
    items: page.map((row) => toBookingItem(row, timezone)),
    nextCursor: rows.length > input.limit && last ? encodeCursor(last) : null,
  };
}

/** How many bookings match the list's filters: its "page X of Y". */
export async function countBookings(
  db: Database,
  partner: Pick<Partner, "id" | "timezone">,
  input: Omit<BookingListInput, "cursor" | "limit">,
): Promise<number> {
  const [row] = unfiltered(input)
    ? await countAllOf(db).execute({ partnerId: partner.id })
    : await db.select({ total: count() }).from(bookings).where(listFilters(partner, input));
  return row?.total ?? 0;
}

/** One booking with its timeline (newest first) and its waivers; NOT_FOUND for another partner's. */
export async function getBooking(db: Database, partner: Pick<Partner, "id" | "timezone">, bookingId: string) {
  const timezone = zoneOrUtc(partner.timezone);
  const [row] = await db
    .select()
    .from(bookings)
    .where(and(eq(bookings.partnerId, partner.id), eq(bookings.bookingId, bookingId)));
  if (!row) throw new NotFoundError("No such booking");
  const [timeline, signed] = await Promise.all([
    db
      .select()
      .from(bookingEvents)
      .where(and(eq(bookingEvents.partnerId, partner.id), eq(bookingEvents.bookingId, bookingId)))
      .orderBy(desc(bookingEvents.eventAt), desc(bookingEvents.receivedAt)),
    db
      .select()
      .from(waivers)
      .where(and(eq(waivers.partnerId, partner.id), eq(waivers.bookingId, bookingId)))
      .orderBy(desc(waivers.signedAt)),
  ]);
  return {
    ...toBookingItem(row, timezone),
    timeline: timeline.map((event) => ({
      event: event.event,
      status: event.status,
      startsAt: event.startsAt,
      quantity: event.quantity,
      total: totalOf(event.totalAmount, event.totalFormatted),
      eventAt: event.eventAt,
      receivedAt: event.receivedAt,
    })),
    waivers: signed.map((waiver) => ({
      templateId: waiver.templateId,
      signedAt: waiver.signedAt,
      signedByGuardian: waiver.signedByGuardian,
      participantName: waiver.participantName,
      optinMarketing: waiver.optinMarketing,
      optinSms: waiver.optinSms,
    })),
  };
}

/**
 * The overview's four numbers, in the partner's time zone: bookings still to come, today's, the canceled ones and the
 * guests booked within the range (by default today and later).
 */
export async function bookingStats(
  db: Database,
  partner: Pick<Partner, "id" | "timezone">,
  input: { from?: string | null | undefined; to?: string | null | undefined },
  now: Date,
): Promise<{ upcoming: number; today: number; canceled: number; guests: number }> {
  const timezone = zoneOrUtc(partner.timezone);
  const today = localDate(now, timezone);
  const { start, end } = rangeOf({ from: input.from ?? today, to: input.to }, timezone);
  const todayStart = startOfLocalDay(today, timezone);
  const tomorrowStart = startOfLocalDay(nextDate(today), timezone);
  const booked = eq(bookings.status, "booked");
  const inRange = and(start ? gte(bookings.startsAt, start) : undefined, end ? lt(bookings.startsAt, end) : undefined);
  const [row] = await db
    .select({
      upcoming: sql<number>`count(*) filter (where ${and(booked, gte(bookings.startsAt, now))})`.mapWith(Number),
      today:
        sql<number>`count(*) filter (where ${and(booked, gte(bookings.startsAt, todayStart), lt(bookings.startsAt, tomorrowStart))})`.mapWith(
          Number,
        ),
      canceled: sql<number>`count(*) filter (where ${and(eq(bookings.status, "canceled"), inRange)})`.mapWith(Number),
      guests: sql<number>`coalesce(${sum(sql`case when ${and(booked, inRange)} then ${bookings.quantity} end`)}, 0)`.mapWith(Number),
    })
    .from(bookings)
    .where(eq(bookings.partnerId, partner.id));
  return { upcoming: row?.upcoming ?? 0, today: row?.today ?? 0, canceled: row?.canceled ?? 0, guests: row?.guests ?? 0 };
}

/** A booking read live from Peek, as the overview lists it. */
export interface RecentBooking {
  bookingId: string;
  displayId: string;
  status: "booked" | "canceled";
  checkedIn: boolean;
  activityName: string;
  startsAt: Date | null;
  purchasedAt: Date | null;
  guestName: string | null;
  quantity: number;
  total: { amount: string; formatted: string } | null;
}

const dateOf = (value: string | null | undefined) => (value && !Number.isNaN(Date.parse(value)) ? new Date(value) : null);

function toRecentBooking(booking: Booking): RecentBooking {
  return {
    bookingId: normalizeBookingId(booking.bookingId),
    displayId: booking.displayId,
    status: booking.isCanceled ? "canceled" : "booked",
    checkedIn: booking.isCheckedIn,
    activityName: booking.productName === "unknown" ? "" : booking.productName,
    startsAt: dateOf(booking.startsAtUtc),
    purchasedAt: dateOf(booking.purchasedAtUtc),
    guestName: booking.customerName || null,
    quantity: booking.totalTickets,
    total: booking.valueAmount ? { amount: booking.valueAmount, formatted: booking.valueDisplay || booking.valueAmount } : null,
  };
}

export const RECENT_DAYS = 7;
const RECENT_LIMIT = 20;

/**
 * What Peek's own starter kit shows: the bookings purchased in the last seven days, read live from Peek's API (newest
 * purchase first). CNG and ACME installations have no booking search in Peek's SDK: `unsupported`, not an error.
 */
export async function recentBookings(
  partner: Partner,
  config: PeekAccessConfig | null,
  now: Date,
): Promise<{ items: RecentBooking[]; source: "peek" | "unsupported" }> {
  if (!config) throw new NotConfiguredError("Peek's API is not configured for this app");
  const live = await searchRecentBookings(peekAccessFor(partner, config), { now, days: RECENT_DAYS });
  if (live.source === "unsupported") return { items: [], source: "unsupported" };
  const items = live.bookings
    .map(toRecentBooking)
    .sort((a, b) => (b.purchasedAt?.getTime() ?? 0) - (a.purchasedAt?.getTime() ?? 0))
    .slice(0, RECENT_LIMIT);
  return { items, source: "peek" };
}
