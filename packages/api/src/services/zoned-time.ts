/**
 * Wall-clock time in a partner's time zone, with the zone data the runtime has (ICU): the conversions the bookings
 * screens and filters need, without a date library.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();
function partsIn(instant: Date, timeZone: string): Record<string, number> {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    if (formatters.size > 200) formatters.clear();
    formatters.set(timeZone, formatter);
  }
  return Object.fromEntries(
    formatter
      .formatToParts(instant)
      .filter((part) => part.type !== "literal")
      .map((part) => [part.type, Number(part.value)]),
  );
}

/** `2026-12-14T09:00:00`: the wall clock in `timeZone` at `instant` (no offset). */
export function localDateTime(instant: Date, timeZone: string): string {
  const p = partsIn(instant, timeZone);
  const two = (n: number | undefined) => String(n ?? 0).padStart(2, "0");
  return `${String(p.year).padStart(4, "0")}-${two(p.month)}-${two(p.day)}T${two(p.hour)}:${two(p.minute)}:${two(p.second)}`;
}

/** `2026-12-14`: the calendar date in `timeZone` at `instant`. */
export const localDate = (instant: Date, timeZone: string): string => localDateTime(instant, timeZone).slice(0, 10);

/** How far `timeZone` is ahead of UTC at `instant`, in milliseconds. */
function offsetMs(instant: Date, timeZone: string): number {
  const p = partsIn(instant, timeZone);
  const asUtc = Date.UTC(p.year ?? 1970, (p.month ?? 1) - 1, p.day ?? 1, p.hour ?? 0, p.minute ?? 0, p.second ?? 0);
  return asUtc - Math.floor(instant.getTime() / 1000) * 1000;
}

/** The instant a calendar day (`YYYY-MM-DD`) starts in `timeZone` (the first moment that exists, across DST changes). */
export function startOfLocalDay(date: string, timeZone: string): Date {
  const guess = Date.parse(`${date}T00:00:00Z`);
  const first = guess - offsetMs(new Date(guess), timeZone);
  const second = guess - offsetMs(new Date(first), timeZone);
  return new Date(Math.min(first, second));
}

/** The next calendar date. */
export function nextDate(date: string): string {
  const next = new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000);
  return next.toISOString().slice(0, 10);
}

/** A time zone the runtime knows, or UTC. */
export function zoneOrUtc(timeZone: string | null | undefined): string {
  if (!timeZone) return "UTC";
  const known = zoneChecks.get(timeZone);
  if (known !== undefined) return known ? timeZone : "UTC";
  let valid = true;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone });
  } catch {
    valid = false;
  }
  if (zoneChecks.size > 500) zoneChecks.clear();
  zoneChecks.set(timeZone, valid);
  return valid ? timeZone : "UTC";
}
/** Whether the runtime knows a zone, remembered: building a formatter to find out costs more than the page it is for. */
const zoneChecks = new Map<string, boolean>();
