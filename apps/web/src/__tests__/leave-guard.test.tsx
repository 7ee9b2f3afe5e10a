import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { expect, it } from "vitest";
import { AppLink, useLeaveGuard } from "../navigation/navigation";
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

  await userEvent.click(screen.getByRole("link", { name: "Bookings" }));
  await userEvent.click(await screen.findByRole("button", { name: "Leave without saving" }));
  expect(location.history.at(-1)).toBe("/bookings");
});
