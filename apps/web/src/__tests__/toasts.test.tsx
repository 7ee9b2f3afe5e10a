import { useToast } from "@kit/ui";
import { act, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, expect, it, vi } from "vitest";
import { renderApp } from "./render-app";

const FAILED = "Could not save. Try again, or quote req-7f3a to support.";

function Notices() {
  const toast = useToast();
  return (
    <>
      <button type="button" onClick={() => toast("Saved")}>
        Save
      </button>
      <button type="button" onClick={() => toast(FAILED, "error")}>
        Fail
      </button>
    </>
  );
}

beforeEach(() => {
  vi.useFakeTimers({ shouldAdvanceTime: true });
});
afterEach(() => {
  vi.useRealTimers();
});

it("an error notice stays until it is closed (its instructions can be read at any pace); an info notice goes by itself", async () => {
  await renderApp(<Notices />);
  const user = userEvent.setup({ advanceTimers: vi.advanceTimersByTime });
  const toaster = within(screen.getByTestId("toaster"));
  await user.click(screen.getByRole("button", { name: "Fail" }));
  await user.click(screen.getByRole("button", { name: "Save" }));
  expect(toaster.getByRole("alert")).toHaveTextContent(FAILED);
  expect(toaster.getByRole("status")).toHaveTextContent("Saved");

  act(() => vi.advanceTimersByTime(60_000));
  expect(toaster.queryByRole("status")).toBeNull();
  expect(toaster.getByRole("alert")).toHaveTextContent(FAILED);

  // The same failure again is not a second notice.
  await user.click(screen.getByRole("button", { name: "Fail" }));
  expect(toaster.getAllByRole("alert")).toHaveLength(1);

  // Closed from the keyboard, the focus goes back where it was.
  screen.getByRole("button", { name: "Fail" }).focus();
  await user.tab();
  const close = toaster.getByRole("button", { name: "Close" });
  expect(close).toHaveFocus();
  await user.keyboard("{Enter}");
  expect(toaster.queryByRole("alert")).toBeNull();
  expect(screen.getByRole("button", { name: "Fail" })).toHaveFocus();
});

it("names the close button in the user's language", async () => {
  await renderApp(<Notices />, { locale: "es" });
  const user = userEvent.setup({ advanceTimers: vi.advanceTimersByTime });
  await user.click(screen.getByRole("button", { name: "Fail" }));
  await user.click(within(screen.getByTestId("toaster")).getByRole("button", { name: "Cerrar" }));
  expect(within(screen.getByTestId("toaster")).queryByRole("alert")).toBeNull();
});

it("keeps at most three error notices: a fourth replaces the oldest, so they never pile up over the page", async () => {
  function Failures() {
    const toast = useToast();
    return (
      <>
        {[1, 2, 3, 4].map((n) => (
          <button key={n} type="button" onClick={() => toast(`Failure ${n}`, "error")}>
            Fail {n}
          </button>
        ))}
      </>
    );
  }
  await renderApp(<Failures />);
  const user = userEvent.setup({ advanceTimers: vi.advanceTimersByTime });
  for (const n of [1, 2, 3, 4]) await user.click(screen.getByRole("button", { name: `Fail ${n}` }));
  const shown = within(screen.getByTestId("toaster"))
    .getAllByRole("alert")
    .map((alert) => alert.textContent);
  expect(shown).toEqual(["Failure 2", "Failure 3", "Failure 4"].map((text) => expect.stringContaining(text)));
});
