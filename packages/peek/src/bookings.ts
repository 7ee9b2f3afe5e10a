import type { Booking, InstallAccessService } from "@peektravel/app-utilities";
import { callPeek } from "./peek-access";
import { peekSdk } from "./sdk";

/** Bookings read live from Peek's API: only Peek's own platform has bookings (CNG's and ACME's SDK services do not). */
export type LiveBookings = { source: "peek"; bookings: Booking[] } | { source: "unsupported"; bookings: [] };

/**
 * The bookings purchased in the last `days` days (what Peek's own starter kit shows on its dashboard), through the
 * SDK's current booking search (`getBookingService().searchByTimeRange`, by purchase date).
 */
export function searchRecentBookings(access: InstallAccessService, options: { now: Date; days: number }): Promise<LiveBookings> {
  if (!(access instanceof peekSdk().PeekAccessService)) return Promise.resolve({ source: "unsupported", bookings: [] });
  const start = new Date(options.now.getTime() - options.days * 86_400_000);
  return callPeek(async () => ({
    source: "peek" as const,
    bookings: await access
      .getBookingService()
      .searchByTimeRange({ start: start.toISOString(), end: options.now.toISOString(), searchBy: "purchaseDate" }),
  }));
}

/** The bookings that start between `from` and `to` (by activity date): what a backfill stores on install. */
export function searchBookingsStarting(access: InstallAccessService, options: { from: Date; to: Date }): Promise<LiveBookings> {
  if (!(access instanceof peekSdk().PeekAccessService)) return Promise.resolve({ source: "unsupported", bookings: [] });
  return callPeek(async () => ({
    source: "peek" as const,
    bookings: await access
      .getBookingService()
      .searchByTimeRange({ start: options.from.toISOString(), end: options.to.toISOString(), searchBy: "activityDate" }),
  }));
}
