import { bookingIdSchema, bookingStatusFilters, localDateSchema, textSchema } from "@kit/db/validators";
import { z } from "zod";
import { bookingStats, countBookings, getBooking, listBookings, recentBookings } from "../services/bookings";
import { partnerProcedure, router } from "../trpc";

const range = { from: localDateSchema.nullish(), to: localDateSchema.nullish() };
const filters = { status: z.enum(bookingStatusFilters).nullish(), search: textSchema().max(200).nullish(), ...range };

/** The partner's bookings (from Peek's webhooks) and, live from Peek's API, the recent ones: every procedure is partner-scoped. */
export const bookingsRouter = router({
  list: partnerProcedure
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
    .input(z.object(filters).strict().default({}))
    .query(async ({ ctx, input }) => ({ total: await countBookings(ctx.db, ctx.partner, input) })),
  byId: partnerProcedure
    .input(z.object({ bookingId: bookingIdSchema }).strict())
    .query(({ ctx, input }) => getBooking(ctx.db, ctx.partner, input.bookingId)),
  stats: partnerProcedure
    .input(z.object(range).strict().default({}))
    .query(({ ctx, input }) => bookingStats(ctx.db, ctx.partner, input, ctx.clock())),
  recent: partnerProcedure.query(({ ctx }) => recentBookings(ctx.partner, ctx.peekAccess, ctx.clock())),
});
