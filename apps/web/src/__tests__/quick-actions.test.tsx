import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { Members } from "../pages/settings/members";
import { PortalSessions } from "../pages/settings/portal-sessions";
import { SetupChecklist } from "../pages/settings/setup-checklist";
import { renderApp } from "./render-app";

/** What the toaster (a polite live region) says. */
const announced = () => within(screen.getByTestId("toaster"));

describe("the setup checklist's Mark as done", () => {
  const step = (id: string, manual: boolean, done: boolean) => ({ id, title: id, manual, done, doneAt: done ? new Date() : null });
  /** The checklist with its automatic step done or not, and its manual step marked done by the click. */
  const checklist = (options: { before: string; after: string; firstRecord: boolean; locale?: "en" | "es" }) =>
    renderApp(<SetupChecklist />, {
      ...(options.locale ? { locale: options.locale } : {}),
      handlers: {
        "partners.setupStatus": () => ({
          status: options.before,
          steps: [step("first_record", false, options.firstRecord), step("reviewed_settings", true, false)],
        }),
        "partners.completeSetupStep": () => ({
          status: options.after,
          steps: [step("first_record", false, options.firstRecord), step("reviewed_settings", true, true)],
        }),
      },
    });

  it("says the step is done and keeps the focus in the card (on its heading), not on the page", async () => {
    await checklist({ before: "not_started", after: "in_progress", firstRecord: false });
    await userEvent.click(await screen.findByRole("button", { name: "Mark as done" }));
    expect(await announced().findByText("Marked as done: Review the settings")).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Mark as done" })).toBeNull();
    expect(document.activeElement).not.toBe(document.body);
    expect(screen.getByRole("heading", { name: "Set up the app" })).toHaveFocus();
  });

  it("the step that completes the setup says so, in Spanish too, and the card stays (complete) with the focus", async () => {
    await checklist({ before: "in_progress", after: "complete", firstRecord: true, locale: "es" });
    await userEvent.click(await screen.findByRole("button", { name: "Marcar como hecho" }));
    expect(await announced().findByText("La configuración está completa")).toBeInTheDocument();
    const heading = screen.getByRole("heading", { name: "Configura la app" });
    expect(heading).toHaveFocus();
    expect(screen.getByText("Completa")).toBeInTheDocument();
  });
});

describe("the sessions card", () => {
  const CHROME_MAC = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36";
  const session = (id: string, current: boolean, userAgent: string | null) => ({
    id,
    kind: "portal",
    current,
    userAgent,
    createdAt: new Date(),
    lastSeenAt: new Date(),
  });

  /** This browser's session and one in Chrome on macOS. */
  const thisAndChrome = () => [
    session("00000000-0000-4000-8000-000000000001", true, null),
    session("00000000-0000-4000-8000-000000000002", false, CHROME_MAC),
  ];

  it("Revoke says which session ended and keeps the focus in the card (its heading) when the row goes", async () => {
    let sessions = thisAndChrome();
    await renderApp(<PortalSessions />, {
      embedded: false,
      handlers: {
        "partners.sessions": () => sessions,
        "partners.revokeSession": (input) => {
          sessions = sessions.filter((s) => s.id !== (input as { id: string }).id);
          return { ok: true };
        },
      },
    });
    await userEvent.click(await screen.findByRole("button", { name: "Revoke" }));
    expect(await announced().findByText("Signed out: Chrome on macOS")).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByRole("button", { name: "Revoke" })).toBeNull());
    expect(document.activeElement).not.toBe(document.body);
    expect(screen.getByRole("heading", { name: "Where you are signed in" })).toHaveFocus();
  });

  it("Sign out everywhere else keeps the focus in the card too (its button turns unavailable)", async () => {
    let sessions = thisAndChrome();
    await renderApp(<PortalSessions />, {
      embedded: false,
      handlers: {
        "partners.sessions": () => sessions,
        "partners.logoutOthers": () => {
          sessions = sessions.filter((s) => s.current);
          return { signedOut: 1 };
        },
      },
    });
    await userEvent.click(await screen.findByRole("button", { name: "Sign out everywhere else" }));
    expect(await announced().findByText("Signed out 1 other session")).toBeInTheDocument();
    await waitFor(() => expect(screen.getByRole("button", { name: "Sign out everywhere else" })).toBeDisabled());
    expect(screen.getByRole("heading", { name: "Where you are signed in" })).toHaveFocus();
  });
});

describe("the people card", () => {
  it("Remove portal access says whose access went, and the focus comes back to that person's button", async () => {
    const bea = {
      userId: "00000000-0000-4000-8000-0000000000b0",
      name: "Bea",
      email: "bea@example.com",
      isAdmin: false,
      portalAccess: true,
    };
    await renderApp(<Members />, {
      embedded: false,
      handlers: {
        "partners.me": () => ({
          user: { id: "00000000-0000-4000-8000-0000000000a0", email: "ana@example.com", name: "Ana" },
          partner: { id: "p1", name: "Acme", platform: "peek", isTest: false, timezone: "UTC", installation: null },
          partners: [],
          sessionKind: "portal",
        }),
        "partners.members": () => [bea],
        "partners.setPortalAccess": (input) => {
          // A browser drops the focus from the button disabled while the change is sent (jsdom keeps it): as Chrome does.
          (document.activeElement as HTMLElement | null)?.blur();
          bea.portalAccess = (input as { access: boolean }).access;
          return { ok: true };
        },
      },
    });
    await userEvent.click(await screen.findByRole("button", { name: "Remove portal access" }));
    expect(await announced().findByText("Bea can no longer sign in to the portal")).toBeInTheDocument();
    const giveBack = await screen.findByRole("button", { name: "Give access back" });
    await waitFor(() => expect(giveBack).toHaveFocus());
    await userEvent.click(giveBack);
    expect(await announced().findByText("Bea can sign in to the portal again")).toBeInTheDocument();
    await waitFor(() => expect(screen.getByRole("button", { name: "Remove portal access" })).toHaveFocus());
  });
});
