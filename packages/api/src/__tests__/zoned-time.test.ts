import { describe, expect, it } from "vitest";
import { localDateTime } from "../services/zoned-time";

/** What ICU says, asked directly: the reference the remembered hourly offsets must match. */
function icuWallClock(instant: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(instant);
  const p = Object.fromEntries(parts.filter((x) => x.type !== "literal").map((x) => [x.type, x.value]));
  return `${String(p.year).padStart(4, "0")}-${p.month}-${p.day}T${p.hour}:${p.minute}:${p.second}`;
}

// DST in both hemispheres, half- and quarter-hour offsets, a 30-minute DST shift, a date-line jump, historical LMT.
const ZONES = [
  "UTC",
  "America/New_York",
  "America/Los_Angeles",
  "Europe/London",
  "Europe/Berlin",
  "Australia/Sydney",
  "Australia/Lord_Howe",
  "Pacific/Chatham",
  "Asia/Kathmandu",
  "Asia/Kolkata",
  "America/St_Johns",
  "Pacific/Apia",
  "Pacific/Kiritimati",
  "America/Sao_Paulo",
  "Africa/Casablanca",
];

describe("localDateTime", () => {
  it("matches ICU at random instants from 1850 to 2100 in zones with every kind of offset", () => {
    let seed = 42;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const from = Date.UTC(1850, 0, 1);
    const to = Date.UTC(2100, 0, 1);
    for (let i = 0; i < 4_000; i++) {
      const instant = new Date(from + Math.floor(random() * (to - from)));
      const zone = ZONES[i % ZONES.length] as string;
      expect(localDateTime(instant, zone), `${instant.toISOString()} in ${zone}`).toBe(icuWallClock(instant, zone));
    }
  });

  it("matches ICU second by second around offset changes (DST both ways, Lord Howe's half hour, Samoa's skipped day)", () => {
    const around = [
      ["America/New_York", "2026-03-08T07:00:00Z"],
      ["America/New_York", "2026-11-01T06:00:00Z"],
      ["Australia/Lord_Howe", "2026-04-04T15:00:00Z"],
      ["Australia/Lord_Howe", "2026-10-03T15:30:00Z"],
      ["Pacific/Apia", "2011-12-30T10:00:00Z"],
      ["Europe/London", "2026-03-29T01:00:00Z"],
      ["Asia/Kathmandu", "1986-01-01T00:00:00Z"],
    ] as const;
    for (const [zone, at] of around) {
      const middle = Date.parse(at);
      for (let s = -90; s <= 90; s++) {
        const instant = new Date(middle + s * 1000 + 250);
        expect(localDateTime(instant, zone), `${instant.toISOString()} in ${zone}`).toBe(icuWallClock(instant, zone));
      }
    }
  });

  it("gives the calendar's first and last days as ICU does", () => {
    for (const at of ["0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z"])
      for (const zone of ["Pacific/Kiritimati", "Pacific/Pago_Pago", "UTC"])
        expect(localDateTime(new Date(at), zone)).toBe(icuWallClock(new Date(at), zone));
  });
});
