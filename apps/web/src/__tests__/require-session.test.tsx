import type { QueryClient } from "@tanstack/react-query";
import { act, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { NewRecordPage } from "../pages/demo/record-pages";
import { AppShell } from "../shell/app-shell";
import { RequireSession } from "../shell/require-session";
import { embedMe } from "./fixtures";
import { apiError, type Handler, networkError, renderApp } from "./render-app";

const me = embedMe;

/** Refetches who is signed in and lets React Query's notifications (a macrotask later) reach the components. */
async function refetchMe(queryClient: QueryClient) {
  await act(async () => {
    await queryClient.refetchQueries({ queryKey: [["partners", "me"]] });
    await new Promise((resolve) => setTimeout(resolve, 20));
  });
}

/** `partners.me` answers, until `fail` makes it throw. */
function meHandler() {
  const state: { fail: null | (() => Error) } = { fail: null };
  const handler: Handler = () => {
    if (state.fail) throw state.fail();
    return me();
  };
  return { state, handler };
}

/** The new-record form behind `RequireSession`, with who is signed in answered by `meHandler`. */
async function newRecordPage() {
  const { state, handler } = meHandler();
  const { queryClient } = await renderApp(
    <RequireSession>
      <NewRecordPage />
    </RequireSession>,
    { path: "/demo/records/new", handlers: { "partners.me": handler } },
  );
  return { state, queryClient };
}

describe("a page that needs a session", () => {
  it("stays, with what was typed, when refreshing who is signed in fails in the background", async () => {
    const { state, queryClient } = await newRecordPage();
    const name = await screen.findByLabelText(/^Name/);
    await userEvent.type(name, "Kayak at dawn");

    state.fail = networkError;
    await refetchMe(queryClient);
    expect(queryClient.getQueryState([["partners", "me"], { type: "query" }])?.status).toBe("error");
    expect(screen.getByLabelText(/^Name/)).toHaveValue("Kayak at dawn");
    expect(screen.queryByText("Cannot reach the app")).toBeNull();
  });

  it("keeps the portal's navigation and sign-out too (not 'Sign in') while the refresh fails", async () => {
    const { state, handler } = meHandler();
    const { queryClient } = await renderApp(
      <AppShell>
        <RequireSession>
          <NewRecordPage />
        </RequireSession>
      </AppShell>,
      {
        embedded: false,
        path: "/demo/records/new",
        handlers: { "partners.me": () => ({ ...(handler(null) as object), sessionKind: "portal" }) },
      },
    );
    await userEvent.type(await screen.findByLabelText(/^Name/), "Kayak at dawn");
    state.fail = networkError;
    await refetchMe(queryClient);
    expect(screen.getByRole("navigation", { name: "Main" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Sign out" })).toBeInTheDocument();
    expect(screen.queryByRole("link", { name: "Sign in" })).toBeNull();
    expect(screen.getByLabelText(/^Name/)).toHaveValue("Kayak at dawn");
  });

  it("still ends when the session is gone for good (a 401 the refresh could not fix)", async () => {
    const { state, queryClient } = await newRecordPage();
    await screen.findByLabelText(/^Name/);
    state.fail = () => apiError("UNAUTHORIZED", 401);
    await refetchMe(queryClient);
    expect(await screen.findByRole("heading", { name: "Session expired" })).toBeInTheDocument();
  });

  it("names what could not be loaded when there is nothing to show yet", async () => {
    await renderApp(
      <RequireSession>
        <NewRecordPage />
      </RequireSession>,
      {
        handlers: {
          "partners.me": () => {
            throw networkError();
          },
        },
      },
    );
    expect(await screen.findByText("Cannot reach the app")).toBeInTheDocument();
    expect(screen.getByText(/^Could not load your account: your device is offline/)).toBeInTheDocument();
    expect(screen.queryByText(/Could not load :/)).toBeNull();
  });
});
