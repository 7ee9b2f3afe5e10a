import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { expect, it } from "vitest";
import { createLeaveGuard, installHistoryGuard } from "../navigation/leave-guard";
import { AppLink, useLeaveGuard } from "../navigation/navigation";
import { PartnerSettingsForm } from "../pages/settings/partner-settings-form";
import { renderApp } from "./render-app";

function DirtyPage() {
  const setDirty = useLeaveGuard();
  return (
    <>
      <button type="button" onClick={() => setDirty(true)}>
        Type something
      </button>
      <AppLink to="/bookings">Bookings</AppLink>
    </>
  );
}

it("asks before leaving unsaved changes, in the app's own dialog; Stay keeps the page, Leave goes", async () => {
  const { location } = await renderApp(<DirtyPage />, { path: "/demo/records/new" });
  await userEvent.click(screen.getByRole("link", { name: "Bookings" }));
  expect(location.history.at(-1)).toBe("/bookings"); // clean: no question

  location.navigate("/demo/records/new");
  await userEvent.click(screen.getByRole("button", { name: "Type something" }));
  await userEvent.click(screen.getByRole("link", { name: "Bookings" }));
  const dialog = await screen.findByRole("dialog", { name: "Leave without saving?" });
  expect(dialog).toBeInTheDocument();
  await userEvent.click(screen.getByRole("button", { name: "Stay on this page" }));
  expect(location.history.at(-1)).toBe("/demo/records/new");
  // The keyboard is back on what was about to leave, not lost on the page's body.
  await waitFor(() => expect(screen.getByRole("link", { name: "Bookings" })).toHaveFocus());

  await userEvent.click(screen.getByRole("link", { name: "Bookings" }));
  await userEvent.click(await screen.findByRole("button", { name: "Leave without saving" }));
  expect(location.history.at(-1)).toBe("/bookings");
});

it("the settings form asks too while its values differ from the saved ones, and not once they are saved", async () => {
  let saved = { notificationEmail: null as string | null, defaultBookingView: "all" };
  const { location } = await renderApp(
    <>
      <PartnerSettingsForm />
      <AppLink to="/bookings">Bookings</AppLink>
    </>,
    {
      path: "/settings",
      handlers: {
        "partners.settings": () => ({ settings: saved, canEdit: true }),
        "partners.updateSettings": (input) => {
          saved = input as typeof saved;
          return { settings: saved };
        },
        "partners.auditLog": () => ({ items: [], nextCursor: null }),
      },
    },
  );
  const email = await screen.findByRole("textbox", { name: /notification/i });
  await userEvent.type(email, "ops@example.com");
  await userEvent.click(screen.getByRole("link", { name: "Bookings" }));
  expect(await screen.findByRole("dialog", { name: "Leave without saving?" })).toBeInTheDocument();
  await userEvent.click(screen.getByRole("button", { name: "Stay on this page" }));
  expect(location.history.at(-1)).toBe("/settings");

  await userEvent.click(screen.getByRole("button", { name: "Save" }));
  await screen.findByText("Settings saved");
  await userEvent.click(screen.getByRole("link", { name: "Bookings" }));
  expect(location.history.at(-1)).toBe("/bookings");
});

it("a jump within the page (the skip link's #main) is not leaving it: no question, even with unsaved changes", () => {
  const guard = createLeaveGuard();
  const went: string[] = [];
  const stop = installHistoryGuard(window, guard, (url) => went.push(url));
  window.history.replaceState(null, "", "/demo/records/new");
  guard.setCurrentUrl("/demo/records/new");
  guard.setDirty(true);
  let asked = 0;
  const unsubscribe = guard.subscribe(() => {
    if (guard.pending()) asked += 1;
  });
  window.history.pushState(null, "", "/demo/records/new#main");
  window.dispatchEvent(new PopStateEvent("popstate"));
  expect(asked).toBe(0);
  // Back to another page is still leaving.
  window.history.pushState(null, "", "/bookings");
  window.dispatchEvent(new PopStateEvent("popstate"));
  expect(asked).toBe(1);
  unsubscribe();
  stop();
  guard.setDirty(false);
});
