/**
 * Peek's booking and order ids come as a display id (`B-ABC123`, `O-M3X9`) or the id the API uses (`b_abc123`); the
 * SDK normalises the first to the second (lower case, `-` → `_`), and so does the kit wherever an id enters: a webhook,
 * a procedure's input, a URL.
 */
export function normalizeBookingId(id: string): string {
  return id.trim().toLowerCase().replace(/-/g, "_");
}

/** A normalised booking id: `b_` and letters or digits (what Peek issues), bounded. */
export const BOOKING_ID = /^[a-z][a-z0-9_]{0,99}$/;
