import type { Locale } from "@kit/peek/locale";

/**
 * Values as people read them: in the user's language, on the partner's wall clock (a booking at 9:00 in Los Angeles
 * reads 9:00 wherever the operator is), with `Intl` — never a raw ISO string.
 */
export interface Formatters {
  /** 14 Dec 2026 */
  date(instant: Date | null | undefined): string;
  /** Mon, 14 Dec 2026, 9:00 AM */
  dateTime(instant: Date | null | undefined): string;
  /** 9:00 AM */
  time(instant: Date | null | undefined): string;
  /** A calendar date without a zone (`2026-12-14`), as a date. */
  calendarDate(value: string | null | undefined): string;
  /** A wall-clock time without a zone (`07:30:05`). */
  clockTime(value: string | null | undefined): string;
  /** A wall-clock date and time without a zone (`2026-03-29T02:30:00`). */
  naiveDateTime(value: string | null | undefined): string;
  /** A decimal as a number of the user's locale (`1,234.50`). */
  decimal(value: string | number | null | undefined, fractionDigits?: number): string;
  integer(value: number | null | undefined): string;
  /** Any number, as many decimals as it has (up to 6). */
  number(value: number | null | undefined): string;
  /**
   * Money. With a currency code, in the user's locale (`$1,234.50`, `1234,50 US$`). Peek's booking payloads carry the
   * amount and Peek's own display string but no currency code: then Peek's string is shown as Peek wrote it (it has
   * the currency symbol), never a bare number that could be read as the wrong currency.
   */
  money(total: { amount: string; formatted?: string | null; currency?: string | null } | null | undefined): string;
  /** "3 days ago", "in 2 hours". */
  relative(instant: Date | null | undefined, now?: Date): string;
}

export const EMPTY = "—";

const cache = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat | Intl.RelativeTimeFormat>();
function memo<T extends Intl.DateTimeFormat | Intl.NumberFormat | Intl.RelativeTimeFormat>(key: string, make: () => T): T {
  let value = cache.get(key) as T | undefined;
  if (!value) {
    value = make();
    if (cache.size > 100) cache.clear();
    cache.set(key, value);
  }
  return value;
}

export function createFormatters(locale: Locale, timeZone: string): Formatters {
  const dateFormat = memo(`d|${locale}|${timeZone}`, () => new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone }));
  const dateTimeFormat = memo(
    `dt|${locale}|${timeZone}`,
    () =>
      new Intl.DateTimeFormat(locale, {
        weekday: "short",
        day: "numeric",
        month: "short",
        year: "numeric",
        hour: "numeric",
        minute: "2-digit",
        timeZone,
      }),
  );
  const timeFormat = memo(`t|${locale}|${timeZone}`, () => new Intl.DateTimeFormat(locale, { timeStyle: "short", timeZone }));
  const utcDate = memo(`ud|${locale}`, () => new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone: "UTC" }));
  const utcTime = memo(`ut|${locale}`, () => new Intl.DateTimeFormat(locale, { timeStyle: "medium", timeZone: "UTC" }));
  const utcDateTime = memo(
    `udt|${locale}`,
    () => new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" }),
  );
  const relative = memo(`r|${locale}`, () => new Intl.RelativeTimeFormat(locale, { numeric: "auto" }));
  const valid = (d: Date | null | undefined): d is Date => d instanceof Date && !Number.isNaN(d.getTime());
  // Values without a zone are read as UTC and shown as UTC: what the user typed is what they see.
  const asUtc = (value: string) =>
    new Date(/T/.test(value) ? `${value}Z` : value.length <= 8 ? `1970-01-01T${value}Z` : `${value}T00:00:00Z`);
  return {
    date: (d) => (valid(d) ? dateFormat.format(d) : EMPTY),
    dateTime: (d) => (valid(d) ? dateTimeFormat.format(d) : EMPTY),
    time: (d) => (valid(d) ? timeFormat.format(d) : EMPTY),
    calendarDate: (v) => (v && valid(asUtc(v)) ? utcDate.format(asUtc(v)) : EMPTY),
    clockTime: (v) => (v && valid(asUtc(v)) ? utcTime.format(asUtc(v)) : EMPTY),
    naiveDateTime: (v) => (v && valid(asUtc(v)) ? utcDateTime.format(asUtc(v)) : EMPTY),
    decimal: (v, digits = 2) =>
      v === null || v === undefined || v === "" || Number.isNaN(Number(v))
        ? EMPTY
        : memo(
            `n|${locale}|${digits}`,
            () => new Intl.NumberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits }),
          ).format(Number(v)),
    integer: (v) => (v === null || v === undefined ? EMPTY : memo(`i|${locale}`, () => new Intl.NumberFormat(locale)).format(v)),
    number: (v) =>
      v === null || v === undefined || !Number.isFinite(v)
        ? EMPTY
        : memo(`f|${locale}`, () => new Intl.NumberFormat(locale, { maximumFractionDigits: 6 })).format(v),
    money: (total) => {
      if (!total) return EMPTY;
      const amount = Number(total.amount);
      if (total.currency && /^[A-Z]{3}$/.test(total.currency) && Number.isFinite(amount)) {
        const currency = total.currency;
        return memo(`m|${locale}|${currency}`, () => new Intl.NumberFormat(locale, { style: "currency", currency })).format(amount);
      }
      return total.formatted || total.amount;
    },
    relative: (d, now = new Date()) => {
      if (!valid(d)) return EMPTY;
      const seconds = (d.getTime() - now.getTime()) / 1000;
      const units: [Intl.RelativeTimeFormatUnit, number][] = [
        ["year", 31_536_000],
        ["month", 2_592_000],
        ["day", 86_400],
        ["hour", 3_600],
        ["minute", 60],
      ];
      for (const [unit, size] of units) if (Math.abs(seconds) >= size) return relative.format(Math.round(seconds / size), unit);
      return relative.format(Math.round(seconds), "second");
    },
  };
}

/** The browser's own zone: for values that belong to the user, not to a partner (sessions' last activity). */
export const browserTimeZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
