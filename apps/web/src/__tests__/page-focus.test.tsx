import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it } from "vitest";
import { AppRoutes } from "../routes";
import { AppShell } from "../shell/app-shell";
import { embedMe } from "./fixtures";
import { type Handler, renderApp } from "./render-app";

const me = embedMe;
const handlers: Record<string, Handler> = {
  "partners.me": me,
  "partners.portalInfo": () => ({ appName: "Kit", embeddedAppUrl: null, emailSignIn: false }),
  "demo.list": () => ({ items: [], nextCursor: null }),
  "demo.count": () => ({ total: 0 }),
};

/** A page's chunk is transformed on its first import: slow on a busy machine. */
const lazyPage = { timeout: 10_000 };

/** The app as the browser has it: the shell, the navigation and every route, at `path`. */
const renderAppAt = (path: string, locale: "en" | "es" = "en") =>
  renderApp(
    <AppShell>
      <AppRoutes />
    </AppShell>,
    { path, handlers, locale },
  );

describe("after an in-app navigation", { timeout: 30_000 }, () => {
  beforeEach(() => {
    document.title = "";
  });

  it("the new page's heading takes the focus (announced by screen readers) and names the page in the title", async () => {
    await renderAppAt("/demo/records");
    const list = await screen.findByRole("heading", { level: 1, name: "Demo records" }, lazyPage);
    // A first load leaves the focus where the browser put it, and names the page.
    expect(list).not.toHaveFocus();
    expect(document.activeElement).toBe(document.body);
    await waitFor(() => expect(document.title).toBe("Demo records · Kit"));

    await userEvent.click(screen.getByRole("link", { name: "New record" }));
    const heading = await screen.findByRole("heading", { level: 1, name: "New record" }, lazyPage);
    await waitFor(() => expect(heading).toHaveFocus());
    expect(heading).toHaveAttribute("tabindex", "-1");
    expect(document.title).toBe("New record · Kit");

    // The navigation's links move it too.
    await userEvent.click(screen.getByRole("link", { name: "Demo" }));
    await waitFor(() => expect(screen.getByRole("heading", { level: 1, name: "Demo records" })).toHaveFocus());
    expect(document.title).toBe("Demo records · Kit");
  });

  it("the title is in the user's language", async () => {
    await renderAppAt("/demo/records", "es");
    await userEvent.click(await screen.findByRole("link", { name: "Nuevo registro" }, lazyPage));
    const heading = await screen.findByRole("heading", { level: 1, name: "Nuevo registro" }, lazyPage);
    await waitFor(() => expect(heading).toHaveFocus());
    expect(document.title).toBe("Nuevo registro · Kit");
  });

  it("after leaving unsaved changes, the new page's heading keeps the focus (not the link that asked)", async () => {
    await renderAppAt("/demo/records/new");
    await userEvent.type(await screen.findByRole("textbox", { name: /Name/ }, lazyPage), "Kayak");
    await userEvent.click(screen.getByRole("link", { name: "Demo" }));
    await userEvent.click(await screen.findByRole("button", { name: "Leave without saving" }, lazyPage));
    const heading = await screen.findByRole("heading", { level: 1, name: "Demo records" }, lazyPage);
    await waitFor(() => expect(heading).toHaveFocus());
    await new Promise((resolve) => setTimeout(resolve, 20)); // nothing takes it back a moment later (the closed dialog)
    expect(heading).toHaveFocus();
  });
});
