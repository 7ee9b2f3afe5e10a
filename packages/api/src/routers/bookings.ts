import { bookingIdSchema, bookingStatusFilters, localDateSchema, textSchema } from "@kit/db/validators";
import { z } from "zod";
import { bookingStats, countBookings, getBooking, listBookings, recentBookings } from "../services/bookings";
import { partnerProcedure, router } from "../trpc";

const range = { from: localDateSchema.nullish(), to: localDateSchema.nullish() };
const filters = { status: z.enum(bookingStatusFilters).nullish(), search: textSchema().max(200).nullish(), ...range };

/** The partner's bookings (from Peek's webhooks) and, live from Peek's API, the recent ones: every procedure is partner-scoped. */
export const bookingsRouter = router({
  list: partnerProcedure
    .meta({
      mcp: {
        description:
          "Lists the partner's bookings (as Peek sent them to this app), soonest start first: booking id, display id, status (booked or canceled), checked in, no-show, activity, start (UTC and on the partner's wall clock), guest name when shared, number of guests, total. Filters: status (booked, canceled, checked_in, no_show), from and to (YYYY-MM-DD on the partner's calendar, inclusive), search (display id or guest name). Pages of up to 100 (limit); pass nextCursor back as cursor for the next page.",
      },
    })
    .input(
      z
        .object({
          cursor: textSchema().max(300).nullish(),
          limit: z.number().int().min(1).max(100).default(20),
          ...filters,
        })
        .strict()
        .default({ limit: 20 }),
    )
    .query(({ ctx, input }) => listBookings(ctx.db, ctx.partner, input)),
  /** How many bookings match the list's filters (for "page X of Y"). */
  count: partnerProcedure
    .meta({ mcp: { description: "Counts the partner's bookings matching the same filters as bookings_list (status, from, to, search)." } })
    .input(z.object(filters).strict().default({}))
    .query(async ({ ctx, input }) => ({ total: await countBookings(ctx.db, ctx.partner, input) })),
  byId: partnerProcedure
    .meta({
      mcp: {
        description:
          "One booking by its id (b_abc123 or B-ABC123): its details, its timeline of changes (newest first) and the waivers signed for it. An error if the partner has no such booking.",
      },
    })
    .input(z.object({ bookingId: bookingIdSchema }).strict())
    .query(({ ctx, input }) => getBooking(ctx.db, ctx.partner, input.bookingId)),
  stats: partnerProcedure
    .meta({
      mcp: {
        description:
          "Four numbers about the partner's bookings, in the partner's time zone: upcoming (booked, starting from now), today, canceled and guests booked within from–to (YYYY-MM-DD; by default today and later).",
      },
    })
    .input(z.object(range).strict().default({}))
    .query(({ ctx, input }) => bookingStats(ctx.db, ctx.partner, input, ctx.clock())),
  recent: partnerProcedure
    .meta({
      mcp: {
        description:
          "The bookings purchased in the last 7 days, read live from Peek's API (newest purchase first, at most 20). source is unsupported for platforms without a booking search.",
      },
    })
    .query(({ ctx }) => recentBookings(ctx.partner, ctx.peekAccess, ctx.clock())),
});
