import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useState } from "react";
import { expect, it, vi } from "vitest";
import { AppLink, useLeaveGuard } from "../navigation/navigation";
import { renderApp } from "./render-app";

// The leave question's chunk cannot be fetched: the device went offline, or the app was deployed again while it was open.
vi.mock("../navigation/leave-dialog", () => {
  throw new TypeError("Failed to fetch dynamically imported module: /assets/leave-dialog-1a2b.js");
});

function FormPage() {
  const setDirty = useLeaveGuard();
  const [name, setName] = useState("");
  return (
    <>
      <label htmlFor="name">Name</label>
      <input
        id="name"
        value={name}
        onChange={(event) => {
          setName(event.target.value);
          setDirty(true);
        }}
      />
      <AppLink to="/bookings">Bookings</AppLink>
    </>
  );
}

it("still asks before leaving unsaved changes when the leave dialog's file cannot be fetched, and keeps the input", async () => {
  const { location } = await renderApp(<FormPage />, { path: "/demo/records/new" });
  await userEvent.type(screen.getByLabelText("Name"), "Kayak at dawn");
  await userEvent.click(screen.getByRole("link", { name: "Bookings" }));

  const question = await screen.findByRole("dialog", { name: "Leave without saving?" });
  expect(question).toHaveAccessibleDescription("Your changes on this page are not saved. If you leave, they are lost.");
  expect(screen.getByLabelText("Name")).toHaveValue("Kayak at dawn");
  expect(location.history.at(-1)).toBe("/demo/records/new");
  expect(screen.getByRole("button", { name: "Stay on this page" })).toHaveFocus();

  await userEvent.click(screen.getByRole("button", { name: "Stay on this page" }));
  expect(screen.queryByRole("dialog")).toBeNull();
  expect(screen.getByLabelText("Name")).toHaveValue("Kayak at dawn");
  expect(location.history.at(-1)).toBe("/demo/records/new");

  // Escape is Stay too; Leave goes.
  await userEvent.click(screen.getByRole("link", { name: "Bookings" }));
  await screen.findByRole("dialog", { name: "Leave without saving?" });
  await userEvent.keyboard("{Escape}");
  expect(screen.queryByRole("dialog")).toBeNull();
  expect(location.history.at(-1)).toBe("/demo/records/new");

  await userEvent.click(screen.getByRole("link", { name: "Bookings" }));
  await userEvent.click(await screen.findByRole("button", { name: "Leave without saving" }));
  expect(location.history.at(-1)).toBe("/bookings");
});
