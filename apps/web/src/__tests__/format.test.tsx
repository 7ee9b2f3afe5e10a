import { screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { createFormatters } from "../format/format";
import { BookingStatusBadge } from "../pages/bookings/booking-status";
import { renderApp } from "./render-app";

// 17:00 UTC on 14 Dec 2026: 9:00 in Los Angeles, 18:00 in Madrid.
const instant = new Date("2026-12-14T17:00:00Z");

describe("values formatted for the user's language on the partner's clock", () => {
  it.each([
    ["en", "America/Los_Angeles", /Mon, Dec 14, 2026, 9:00\sAM/, "Dec 14, 2026"],
    ["en", "Europe/Madrid", /Mon, Dec 14, 2026, 6:00\sPM/, "Dec 14, 2026"],
    ["es", "America/Los_Angeles", /lun, 14 dic 2026, 9:00/, "14 dic 2026"],
    ["es", "Europe/Madrid", /lun, 14 dic 2026, 18:00/, "14 dic 2026"],
  ] as const)("dates and times in %s, %s", (locale, zone, dateTime, date) => {
    const format = createFormatters(locale, zone);
    expect(format.dateTime(instant)).toMatch(dateTime);
    expect(format.date(instant)).toBe(date);
    expect(format.dateTime(null)).toBe("—");
    expect(format.dateTime(new Date("nope"))).toBe("—");
  });

  it("a date late in the evening in Los Angeles is the next day in Madrid", () => {
    const evening = new Date("2026-12-15T06:30:00Z");
    expect(createFormatters("en", "America/Los_Angeles").date(evening)).toBe("Dec 14, 2026");
    expect(createFormatters("en", "Europe/Madrid").date(evening)).toBe("Dec 15, 2026");
  });

  it("values without a zone read as written, whatever the partner's zone", () => {
    for (const zone of ["America/Los_Angeles", "Asia/Tokyo"]) {
      const format = createFormatters("en", zone);
      expect(format.calendarDate("2026-12-24")).toBe("Dec 24, 2026");
      expect(format.clockTime("09:30:15")).toMatch(/9:30:15\sAM/);
      expect(format.naiveDateTime("2026-03-29T02:30:00")).toMatch(/Mar 29, 2026, 2:30\sAM/);
    }
    expect(createFormatters("es", "UTC").calendarDate("2026-12-24")).toBe("24 dic 2026");
  });

  it("money with a currency in the user's locale; Peek's own string when Peek gave no currency", () => {
    const money = { amount: "1234.5", formatted: "$1,234.50", currency: "USD" };
    expect(createFormatters("en", "UTC").money(money)).toBe("$1,234.50");
    expect(createFormatters("es", "UTC").money(money)).toMatch(/^1234,50\sUS\$$/);
    expect(createFormatters("es", "UTC").money({ amount: "99", currency: "EUR" })).toMatch(/^99,00\s€$/);
    expect(createFormatters("es", "UTC").money({ amount: "120.00", formatted: "$120.00" })).toBe("$120.00");
    expect(createFormatters("en", "UTC").money(null)).toBe("—");
  });

  it("numbers and decimals in the locale", () => {
    expect(createFormatters("en", "UTC").decimal("12345.5")).toBe("12,345.50");
    expect(createFormatters("es", "UTC").decimal("12345.5")).toBe("12.345,50");
    expect(createFormatters("es", "UTC").number(4.5)).toBe("4,5");
    expect(createFormatters("en", "UTC").integer(null)).toBe("—");
  });

  it.each([
    ["en", ["Booked", "Checked in", "No-show", "Canceled"]],
    ["es", ["Reservada", "Registrada", "No presentado", "Cancelada"]],
  ] as const)("booking statuses as labels in %s", async (locale, labels) => {
    await renderApp(
      <>
        <BookingStatusBadge booking={{ status: "booked", checkedIn: false }} />
        <BookingStatusBadge booking={{ status: "booked", checkedIn: true }} />
        <BookingStatusBadge booking={{ status: "booked", checkedIn: false, noShow: true }} />
        <BookingStatusBadge booking={{ status: "canceled", checkedIn: true }} />
      </>,
      { locale },
    );
    for (const label of labels) expect(screen.getByText(label)).toBeInTheDocument();
  });
});
