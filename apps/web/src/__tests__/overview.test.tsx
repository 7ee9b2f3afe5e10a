import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { BookingsOverview } from "../pages/settings/bookings-overview";
import { groupSessions, PortalSessions } from "../pages/settings/portal-sessions";
import { SettingsView } from "../pages/settings/settings-view";
import { bookingItem } from "./fixtures";
import { apiError, networkError, never, renderApp } from "./render-app";

const stats = () => ({ upcoming: 12, today: 3, canceled: 1, guests: 1234 });
const recentItem = () => ({ ...bookingItem(), purchasedAt: new Date("2026-12-01T10:00:00Z") });

describe("the bookings overview", () => {
  it("shows that it is loading", async () => {
    await renderApp(<BookingsOverview />, { handlers: { "bookings.stats": never, "bookings.recent": never } });
    expect(screen.getByRole("status", { name: "Loading recent bookings from Peek" })).toBeInTheDocument();
  });

  it("shows the four numbers and Peek's recent bookings", async () => {
    await renderApp(<BookingsOverview />, {
      handlers: { "bookings.stats": stats, "bookings.recent": () => ({ source: "peek", items: [recentItem()] }) },
    });
    expect(await screen.findByText("1,234")).toBeInTheDocument();
    expect(screen.getByText("Upcoming")).toBeInTheDocument();
    expect(await screen.findByText("B-ABC123 · Kayak at dawn")).toBeInTheDocument();
    expect(screen.getByText("$120.00")).toBeInTheDocument();
  });

  it("is empty when Peek has no recent bookings", async () => {
    await renderApp(<BookingsOverview />, {
      handlers: { "bookings.stats": stats, "bookings.recent": () => ({ source: "peek", items: [] }) },
    });
    expect(await screen.findByText("No bookings were purchased in the last 7 days.")).toBeInTheDocument();
  });

  it("says Peek could not be reached — not that there are no bookings", async () => {
    await renderApp(<BookingsOverview />, {
      handlers: {
        "bookings.stats": stats,
        "bookings.recent": () => {
          throw apiError("BAD_GATEWAY", 502);
        },
      },
    });
    expect(await screen.findByText("Peek did not answer")).toBeInTheDocument();
    expect(screen.queryByText(/No bookings/)).toBeNull();
    expect(screen.getByRole("button", { name: "Try again" })).toBeInTheDocument();
  });

  it("says when Peek's API is not configured, or the platform has no booking search", async () => {
    await renderApp(<BookingsOverview />, {
      handlers: {
        "bookings.stats": stats,
        "bookings.recent": () => {
          throw apiError("PRECONDITION_FAILED", 412);
        },
      },
    });
    expect(await screen.findByText(/Peek’s API is not configured for this app/)).toBeInTheDocument();
  });

  it("in Spanish", async () => {
    await renderApp(<BookingsOverview />, {
      locale: "es",
      handlers: { "bookings.stats": stats, "bookings.recent": () => ({ source: "unsupported", items: [] }) },
    });
    expect(await screen.findByText("Peek no ofrece búsqueda de reservas para la plataforma de esta cuenta.")).toBeInTheDocument();
    expect(await screen.findByText("1234")).toBeInTheDocument();
  });
});

describe("the settings page", () => {
  const me = {
    user: { id: "u1", email: "jane@acme.example", name: "Jane" },
    partner: { id: "p1", name: "Acme Tours", platform: "peek" as const, isTest: true, timezone: "America/Los_Angeles", installation: null },
    partners: [],
    sessionKind: "embed" as const,
  };
  it("has one h1, the welcome line, the primary action as an in-app link, and its activity states", async () => {
    await renderApp(<SettingsView me={me} activities={{ status: "success", data: { available: true, activities: [] } }} />);
    expect(screen.getAllByRole("heading", { level: 1 })).toHaveLength(1);
    expect(screen.getByText("Welcome! You are logged in as jane@acme.example for Acme Tours.")).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "View bookings" })).toHaveAttribute("data-app-link");
    expect(screen.getByText("No activities yet.")).toBeInTheDocument();
    expect(screen.getByText("Test account")).toBeInTheDocument();
  });
  it("says why activities are missing", async () => {
    await renderApp(
      <SettingsView me={me} activities={{ status: "success", data: { available: false, code: "upstream_error", reason: "x" } }} />,
    );
    expect(screen.getByText("Peek could not be reached, so activities cannot be shown right now.")).toBeInTheDocument();
  });
  it("tells the app's own failure apart from Peek's: the app unreachable offers Retry, a server error shows its request id", async () => {
    let retried = 0;
    const retry = () => {
      retried += 1;
    };
    const { unmount } = await renderApp(<SettingsView me={me} activities={{ status: "error", error: networkError(), retry }} />);
    expect(screen.getByText("Cannot reach the app")).toBeInTheDocument();
    expect(screen.queryByText(/Peek could not be reached/)).toBeNull();
    await userEvent.click(screen.getByRole("button", { name: "Try again" }));
    expect(retried).toBe(1);
    unmount();
    await renderApp(
      <SettingsView me={me} activities={{ status: "error", error: apiError("INTERNAL_SERVER_ERROR", 500), retry: () => {} }} />,
    );
    expect(screen.getByText("req-7f3a")).toBeInTheDocument();
  });
});

it("groups sessions: this device, other browsers, inside Peek Pro", () => {
  const session = (id: string, kind: "portal" | "embed", current = false) => ({
    id,
    kind,
    current,
    userAgent: null,
    createdAt: new Date(),
    lastSeenAt: new Date(),
  });
  const groups = groupSessions([session("a", "portal", true), session("b", "portal"), session("c", "embed")]);
  expect(groups.current.map((s) => s.id)).toEqual(["a"]);
  expect(groups.browsers.map((s) => s.id)).toEqual(["b"]);
  expect(groups.embedded.map((s) => s.id)).toEqual(["c"]);
});

it("the sessions card says it is loading", async () => {
  await renderApp(<PortalSessions />, { embedded: false, handlers: { "partners.sessions": never } });
  expect(screen.getByRole("status", { name: "Loading your sessions" })).toHaveAttribute("aria-busy", "true");
});
