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

const HOUR_MS = 3_600_000;
/** A zone's offset during one UTC hour, or null where it changes within that hour; remembered (ICU is slow to ask). */
const hourOffsets = new Map<string, number | null>();
function offsetThroughHour(instant: number, timeZone: string): number | null {
  const hour = Math.floor(instant / HOUR_MS) * HOUR_MS;
  const key = `${timeZone} ${hour}`;
  let offset = hourOffsets.get(key);
  if (offset === undefined) {
    // Zones change offset on whole seconds: the same offset at the hour's first and last second holds all through it.
    // Past ±1 day, ICU's era-less year (1 BC reads as 1) went into it: such hours are worked out exactly.
    const first = offsetMs(new Date(hour), timeZone);
    offset = first === offsetMs(new Date(hour + HOUR_MS - 1000), timeZone) && Math.abs(first) < 86_400_000 ? first : null;
    if (hourOffsets.size >= 10_000) hourOffsets.clear();
    hourOffsets.set(key, offset);
  }
  return offset;
}

/**
 * `2026-12-14T09:00:00`: the wall clock in `timeZone` at `instant` (no offset). The offset of the instant's UTC hour is
 * asked of ICU once and remembered (a page of 20 bookings went from ~110 µs to a few); an hour in which the zone
 * changes its offset, and years outside 1–9999, are worked out exactly each time.
 */
export function localDateTime(instant: Date, timeZone: string): string {
  const seconds = Math.floor(instant.getTime() / 1000) * 1000;
  const offset = Number.isNaN(seconds) ? null : offsetThroughHour(seconds, timeZone);
  if (offset !== null) {
    const wall = new Date(seconds + offset);
    const year = wall.getUTCFullYear();
    if (year >= 1 && year <= 9999) return wall.toISOString().slice(0, 19);
  }
  return exactLocalDateTime(instant, timeZone);
}

function exactLocalDateTime(instant: Date, timeZone: string): string {
  const p = partsIn(instant, timeZone);
  const two = (n: number | undefined) => String(n ?? 0).padStart(2, "0");
  return `${String(p.year).padStart(4, "0")}-${two(p.month)}-${two(p.day)}T${two(p.hour)}:${two(p.minute)}:${two(p.second)}`;
}

/** `2026-12-14`: the calendar date in `timeZone` at `instant`. */
export const localDate = (instant: Date, timeZone: string): string => localDateTime(instant, timeZone).slice(0, 10);

/** How far `timeZone` is ahead of UTC at `instant`, in milliseconds. */
function offsetMs(instant: Date, timeZone: string): number {
  const p = partsIn(instant, timeZone);
  // setUTCFullYear, not Date.UTC: Date.UTC reads the years 0–99 as 1900–1999.
  const asUtc = new Date(0);
  asUtc.setUTCFullYear(p.year ?? 1970, (p.month ?? 1) - 1, p.day ?? 1);
  asUtc.setUTCHours(p.hour ?? 0, p.minute ?? 0, p.second ?? 0, 0);
  return asUtc.getTime() - Math.floor(instant.getTime() / 1000) * 1000;
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
