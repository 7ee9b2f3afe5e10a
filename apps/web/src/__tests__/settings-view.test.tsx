import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { createTranslator } from "../i18n/messages";
import { SettingsView, type SettingsViewProps } from "../routes/settings-view";

const t = createTranslator({});
const me = (isTest: boolean) =>
  ({
    status: "success",
    data: {
      user: { id: "u1", email: "jane@example.com", name: "Jane" },
      partner: { id: "p1", name: "Acme Tours", platform: "peek", isTest, installation: { status: "installed", displayVersion: "1.0.2" } },
      partners: [{ id: "p1", name: "Acme Tours", platform: "peek" }],
    },
  }) as SettingsViewProps["me"];

describe("SettingsView", () => {
  it("shows skeletons while loading", () => {
    render(<SettingsView t={t} me={{ status: "pending" }} activities={{ status: "pending" }} />);
    expect(screen.getByLabelText("Loading settings")).toHaveAttribute("aria-busy", "true");
  });

  it("shows who is signed in, for which partner, the installation and the activities", () => {
    render(
      <SettingsView
        t={t}
        me={me(false)}
        activities={{ status: "success", data: { available: true, activities: [{ id: "a", name: "Kayak tour" }] } }}
      />,
    );
    expect(screen.getByRole("heading", { level: 1 })).toHaveTextContent("Welcome! You are logged in as jane@example.com for Acme Tours.");
    expect(screen.queryByText("Test account")).toBeNull();
    expect(screen.getByText("installed")).toBeInTheDocument();
    expect(screen.getByText("1.0.2")).toBeInTheDocument();
    expect(within(screen.getByRole("list")).getByText("Kayak tour")).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Open the demo" })).toHaveAttribute("href", "/demo");
  });

  it("marks a test partner", () => {
    render(<SettingsView t={t} me={me(true)} activities={{ status: "pending" }} />);
    expect(screen.getByText("Test account")).toBeInTheDocument();
    expect(screen.getByLabelText("Loading activities")).toBeInTheDocument();
  });

  it("degrades to a clear message when Peek's API cannot be reached", () => {
    render(
      <SettingsView t={t} me={me(false)} activities={{ status: "success", data: { available: false, reason: "Peek API unreachable" } }} />,
    );
    expect(screen.getByText("Activities could not be loaded from Peek: Peek API unreachable")).toBeInTheDocument();
  });

  it("offers a retry when loading failed", async () => {
    const retry = vi.fn();
    render(<SettingsView t={t} me={{ status: "error", unauthorized: false, retry }} activities={{ status: "pending" }} />);
    expect(screen.getByRole("alert")).toHaveTextContent("The app could not load your settings.");
    await userEvent.click(screen.getByRole("button", { name: "Try again" }));
    expect(retry).toHaveBeenCalledOnce();
  });

  it("tells a visitor without a session to open the app from Peek Pro", () => {
    render(<SettingsView t={t} me={{ status: "error", unauthorized: true, retry: () => {} }} activities={{ status: "pending" }} />);
    expect(screen.getByRole("alert")).toHaveTextContent("Open this app from Peek Pro, or sign in");
    expect(screen.queryByRole("button")).toBeNull();
    expect(screen.getByRole("link", { name: "Sign in with your email" })).toHaveAttribute("href", "/login");
  });
});
