import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { Route } from "wouter";
import { BookingDetailPage } from "../pages/bookings/booking-detail-page";
import { BookingsPage } from "../pages/bookings/bookings-page";
import { bookingDetail, bookingItem } from "./fixtures";
import { apiError, networkError, never, renderApp } from "./render-app";

const detailAt = () => (
  <Route path="/bookings/:bookingId">
    <BookingDetailPage />
  </Route>
);

describe("the bookings list", () => {
  it("says it is loading", async () => {
    await renderApp(<BookingsPage />, { handlers: { "bookings.list": never, "bookings.count": never } });
    expect(screen.getByRole("status", { name: "Loading bookings" })).toHaveAttribute("aria-busy", "true");
  });

  it("says it is loading while a new filter's bookings load, over the previous ones it still shows", async () => {
    await renderApp(<BookingsPage />, {
      handlers: {
        "bookings.list": (input) =>
          (input as { status: string | null }).status === null ? { items: [bookingItem()], nextCursor: null } : never(),
        "bookings.count": () => ({ total: 1 }),
      },
    });
    expect(await screen.findByText("1 booking")).toBeInTheDocument();
    expect(screen.queryByRole("status", { name: "Loading bookings" })).toBeNull();
    await userEvent.selectOptions(screen.getByLabelText("Status"), "canceled");
    const loading = await screen.findByRole("status", { name: "Loading bookings" });
    expect(loading).toHaveTextContent("Loading bookings…");
    expect(screen.getByRole("table").closest("[aria-busy]")).toHaveAttribute("aria-busy", "true");
  });

  it("is empty before Peek sends anything, and says when filters match nothing", async () => {
    await renderApp(<BookingsPage />, {
      handlers: { "bookings.list": () => ({ items: [], nextCursor: null }), "bookings.count": () => ({ total: 0 }) },
    });
    expect(await screen.findByText("No bookings yet. They appear here as soon as Peek sends them.")).toBeInTheDocument();
    expect(screen.queryByRole("navigation", { name: "Pages" })).toBeNull();
    await userEvent.selectOptions(screen.getByLabelText("Status"), "canceled");
    expect(await screen.findByText("No bookings match these filters.")).toBeInTheDocument();
  });

  it("tells an unreachable server apart, with Retry — never 'no bookings'", async () => {
    let fail = true;
    await renderApp(<BookingsPage />, {
      handlers: {
        "bookings.list": () => {
          if (fail) throw networkError();
          return { items: [bookingItem()], nextCursor: null };
        },
        "bookings.count": () => ({ total: 1 }),
      },
    });
    expect(await screen.findByText("Cannot reach the app")).toBeInTheDocument();
    expect(screen.queryByText(/No bookings/)).toBeNull();
    fail = false;
    await userEvent.click(screen.getByRole("button", { name: "Try again" }));
    expect((await screen.findAllByText("B-ABC123")).length).toBeGreaterThan(0);
  });

  it("lists bookings as a table and as cards, formatted, with 'page 1 of 2' and a filter that reaches the server", async () => {
    const { calls } = await renderApp(<BookingsPage />, {
      handlers: {
        "bookings.list": () => ({
          items: [bookingItem(), bookingItem({ bookingId: "b_x", displayId: "B-X", status: "canceled" })],
          nextCursor: "c2",
        }),
        "bookings.count": () => ({ total: 25 }),
      },
    });
    expect(await screen.findByText("25 bookings · Page 1 of 2")).toBeInTheDocument();
    const table = screen.getByRole("table");
    expect(within(table).getByRole("link", { name: "B-ABC123" })).toHaveAttribute("href", "/bookings/b_abc123");
    expect(within(table).getAllByText(/Mon, Dec 14, 2026, 9:00\sAM/)).toHaveLength(2);
    expect(within(table).getByText("Canceled")).toBeInTheDocument();
    // The same rows as cards for narrow screens (CSS shows one or the other).
    expect(within(screen.getByRole("list", { name: "Bookings" })).getAllByRole("listitem")).toHaveLength(2);
    await userEvent.type(screen.getByLabelText("From"), "2026-12-01");
    await waitFor(() =>
      expect(calls.some((c) => c.path === "bookings.list" && (c.input as { from?: string }).from === "2026-12-01")).toBe(true),
    );
  });

  it("has no pager when everything fits on one page, in Spanish too", async () => {
    await renderApp(<BookingsPage />, {
      locale: "es",
      handlers: { "bookings.list": () => ({ items: [bookingItem()], nextCursor: null }), "bookings.count": () => ({ total: 1 }) },
    });
    expect(await screen.findByText("1 reserva")).toBeInTheDocument();
    expect(screen.queryByRole("navigation", { name: "Páginas" })).toBeNull();
    expect(screen.getAllByText(/lun, 14 dic 2026, 9:00/).length).toBeGreaterThan(0);
  });

  it("opens on the partner's chosen view (settings: canceled), without listing all bookings first", async () => {
    const { calls } = await renderApp(<BookingsPage />, {
      handlers: {
        "partners.settings": () => ({ settings: { notificationEmail: null, defaultBookingView: "canceled" }, canEdit: true }),
        "bookings.list": () => ({ items: [bookingItem({ status: "canceled" })], nextCursor: null }),
        "bookings.count": () => ({ total: 1 }),
      },
    });
    expect(await screen.findByLabelText("Status")).toHaveValue("canceled");
    await screen.findByText("1 booking");
    const lists = calls.filter((c) => c.path === "bookings.list" || c.path === "bookings.count");
    expect(lists.length).toBeGreaterThan(0);
    expect(lists.every((c) => (c.input as { status: string | null }).status === "canceled")).toBe(true);
    // "Clear filters" shows every booking.
    await userEvent.click(screen.getByRole("button", { name: "Clear filters" }));
    expect(screen.getByLabelText("Status")).toHaveValue("");
  });

  it("opens on every booking when the settings cannot be read", async () => {
    const { calls } = await renderApp(<BookingsPage />, {
      handlers: {
        "partners.settings": () => {
          throw apiError("FORBIDDEN", 403);
        },
        "bookings.list": () => ({ items: [bookingItem()], nextCursor: null }),
        "bookings.count": () => ({ total: 1 }),
      },
    });
    expect(await screen.findByText("1 booking")).toBeInTheDocument();
    expect(screen.getByLabelText("Status")).toHaveValue("");
    expect(calls.some((c) => c.path === "bookings.list" && (c.input as { status: string | null }).status === null)).toBe(true);
  });

  it("refuses an end date before the start date without asking the server", async () => {
    const { calls } = await renderApp(<BookingsPage />, {
      handlers: { "bookings.list": () => ({ items: [], nextCursor: null }), "bookings.count": () => ({ total: 0 }) },
    });
    await userEvent.type(await screen.findByLabelText("From"), "2026-12-10");
    await userEvent.type(screen.getByLabelText("To"), "2026-12-01");
    expect(screen.getByText("The end date must not be before the start date.")).toBeInTheDocument();
    expect(calls.some((c) => (c.input as { to?: string } | undefined)?.to === "2026-12-01")).toBe(false);
  });
});

describe("a booking's page", () => {
  it("shows the booking, its timeline and its waivers on the partner's clock", async () => {
    await renderApp(detailAt(), { path: "/bookings/b_abc123", handlers: { "bookings.byId": () => bookingDetail() } });
    expect(await screen.findByRole("heading", { level: 1, name: "B-ABC123" })).toBeInTheDocument();
    expect(screen.getByText("Updated")).toBeInTheDocument();
    expect(screen.getByText("Booked", { selector: "p" })).toBeInTheDocument();
    expect(screen.getByText("Leo García")).toBeInTheDocument();
    expect(screen.getByText(/Signed Thu, Dec 3, 2026, 7:00\sAM/)).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Bookings" })).toHaveAttribute("href", "/bookings");
  });

  it("says when there is no timeline or waiver yet", async () => {
    await renderApp(detailAt(), {
      path: "/bookings/b_abc123",
      handlers: { "bookings.byId": () => bookingDetail({ timeline: [], waivers: [] }) },
    });
    expect(await screen.findByText("No changes recorded yet.")).toBeInTheDocument();
    expect(screen.getByText("No waiver signed for this booking yet.")).toBeInTheDocument();
  });

  it("says loading, then 'not found' only when the server said NOT_FOUND", async () => {
    await renderApp(detailAt(), { path: "/bookings/b_abc123", handlers: { "bookings.byId": never } });
    expect(screen.getByRole("status", { name: "Loading the booking" })).toBeInTheDocument();
  });

  it.each([
    ["NOT_FOUND", 404, "Not found", false],
    ["FORBIDDEN", 403, "No access", false],
    ["INTERNAL_SERVER_ERROR", 500, "Something went wrong", true],
  ] as const)("%s → %s", async (code, status, title, showsRequestId) => {
    await renderApp(detailAt(), {
      path: "/bookings/b_abc123",
      handlers: {
        "bookings.byId": () => {
          throw apiError(code, status);
        },
      },
    });
    expect(await screen.findByText(title)).toBeInTheDocument();
    expect(screen.queryByText("req-7f3a") !== null).toBe(showsRequestId);
    if (code !== "NOT_FOUND") expect(screen.queryByText(/could not find/)).toBeNull();
  });

  it("offline is not 'not found'", async () => {
    await renderApp(detailAt(), {
      path: "/bookings/b_abc123",
      handlers: {
        "bookings.byId": () => {
          throw networkError();
        },
      },
    });
    expect(await screen.findByText("Cannot reach the app")).toBeInTheDocument();
    expect(screen.queryByText(/could not find/)).toBeNull();
    expect(screen.getByRole("button", { name: "Try again" })).toBeInTheDocument();
  });
});
