import { useMutation } from "@tanstack/react-query";
import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { TRPCClientError } from "@trpc/client";
import { describe, expect, it } from "vitest";
import { useT } from "../i18n/use-t";
import { useLeaveGuard } from "../navigation/navigation";
import { BookingsPage } from "../pages/bookings/bookings-page";
import { DemoRecordsPage } from "../pages/demo/records-list";
import { SystemStatus } from "../pages/portal/system-status";
import { AppShell } from "../shell/app-shell";
import { SignOutButton } from "../shell/portal-controls";
import { shownPartner } from "../shell/shown-partner";
import { createApiClient, useTRPC } from "../trpc";
import { bookingItem } from "./fixtures";
import { apiError, type Handler, never, renderApp } from "./render-app";

/** What the server answers a call from a page that shows another partner than the session now acts for. */
const partnerChanged = () =>
  TRPCClientError.from({
    error: {
      message: "partner changed",
      code: -32000,
      data: { code: "CONFLICT", httpStatus: 409, requestId: "r", path: "x", reason: "partner_changed" },
    },
  });

type Partner = { id: string; name: string; platform: string };
const partnerA: Partner = { id: "00000000-0000-4000-8000-00000000000a", name: "Acme Tours", platform: "peek" };
const partnerB: Partner = { id: "00000000-0000-4000-8000-00000000000b", name: "Beta Rentals", platform: "peek" };

/** A portal user who works for two partners, signed in for `partner`. */
const meOf = (partner: Partner, partners: Partner[] = [partnerA, partnerB]) => ({
  user: { id: "u1", email: "jane@example.com", name: "Jane" },
  partner: { ...partner, isTest: false, timezone: "UTC", installation: null },
  partners,
  sessionKind: "portal",
});
const portalInfo = () => ({ appName: "Kit", embeddedAppUrl: null, emailSignIn: true });

/**
 * Acme, until the session switches to Beta: through `partners.switchPartner`, or by a test setting `state.current` (a
 * switch in another tab).
 */
function switchablePartner() {
  const state = { current: partnerA };
  const handlers: Record<string, Handler> = {
    "partners.portalInfo": portalInfo,
    "partners.me": () => meOf(state.current),
    "partners.switchPartner": () => {
      state.current = partnerB;
      return { ok: true };
    },
  };
  return { state, handlers };
}

describe("the portal's partner picker", () => {
  it("drops the previous partner's data on a switch: a loading state, never one partner's bookings under another's name", async () => {
    const partner = switchablePartner();
    const handlers: Record<string, Handler> = {
      ...partner.handlers,
      "bookings.list": () =>
        partner.state.current === partnerA ? { items: [bookingItem({ guestName: "Secret guest of Acme" })], nextCursor: null } : never(),
      "bookings.count": () => (partner.state.current === partnerA ? { total: 1 } : never()),
    };
    await renderApp(
      <AppShell>
        <BookingsPage />
      </AppShell>,
      { embedded: false, path: "/bookings", handlers },
    );
    expect(await screen.findAllByText("Secret guest of Acme")).not.toHaveLength(0);
    await userEvent.selectOptions(screen.getByLabelText("Partner"), partnerB.id);
    await waitFor(() => expect(screen.queryAllByText("Secret guest of Acme")).toHaveLength(0));
    expect(screen.getByRole("status", { name: "Loading bookings" })).toBeInTheDocument();
    expect(await screen.findByRole("combobox", { name: "Partner" })).toHaveValue(partnerB.id);
    expect(screen.queryAllByText("Secret guest of Acme")).toHaveLength(0);
    // The header stayed on screen: the picker keeps the keyboard's focus.
    expect(screen.getByRole("combobox", { name: "Partner" })).toHaveFocus();
  });

  it("says when the switch failed, and stays with the partner it was on", async () => {
    await renderApp(<AppShell>{null}</AppShell>, {
      embedded: false,
      handlers: {
        "partners.portalInfo": portalInfo,
        "partners.me": () => meOf(partnerA),
        "partners.switchPartner": () => {
          throw apiError("INTERNAL_SERVER_ERROR", 500);
        },
      },
    });
    await userEvent.selectOptions(await screen.findByLabelText("Partner"), partnerB.id);
    expect(await screen.findByRole("alert")).toHaveTextContent("The app failed to do that. Try again in a moment.");
    expect(screen.getByLabelText("Partner")).toHaveValue(partnerA.id);
  });

  it("after a switch in another tab, a refused call moves the page to the partner chosen there and says why", async () => {
    const partner = switchablePartner();
    const Saver = () => {
      const trpc = useTRPC();
      const save = useMutation(trpc.partners.updateSettings.mutationOptions());
      return (
        <button type="button" onClick={() => save.mutate({ notificationEmail: "a@example.com" } as never)}>
          Save A's settings
        </button>
      );
    };
    const { calls } = await renderApp(
      <AppShell>
        <Saver />
      </AppShell>,
      {
        embedded: false,
        handlers: {
          ...partner.handlers,
          "partners.updateSettings": () => {
            throw partnerChanged();
          },
        },
      },
    );
    await waitFor(() => expect(screen.getByLabelText("Partner")).toHaveValue(partnerA.id));
    expect(shownPartner.get()).toBe(partnerA.id); // sent with every call from now on
    partner.state.current = partnerB; // the other tab switched
    const meCalls = () => calls.filter((c) => c.path === "partners.me").length;
    const before = meCalls();
    await userEvent.click(screen.getByRole("button", { name: "Save A's settings" }));
    expect(await screen.findByText(/You chose another partner in another tab/)).toBeInTheDocument();
    await waitFor(() => expect(screen.getByLabelText("Partner")).toHaveValue(partnerB.id));
    expect(meCalls()).toBeGreaterThan(before);
    expect(shownPartner.get()).toBe(partnerB.id);
  });

  it("sends the partner the page shows with every call, once it knows it", async () => {
    const sent: (string | null)[] = [];
    const client = createApiClient({
      baseUrl: "http://app.test",
      partnerShown: () => "partner-a",
      fetch: async (_url, init) => {
        sent.push(new Headers(init?.headers).get("x-kit-partner"));
        return new Response(JSON.stringify([{ result: { data: { json: null } } }]), { headers: { "content-type": "application/json" } });
      },
    });
    await client.partners.portalInfo.query().catch(() => null);
    expect(sent).toEqual(["partner-a"]);
  });

  it("asks before switching with unsaved changes: Stay keeps the partner, Leave switches", async () => {
    const partner = switchablePartner();
    const DirtyForm = () => {
      const setDirty = useLeaveGuard();
      return (
        <button type="button" onClick={() => setDirty(true)}>
          Type something
        </button>
      );
    };
    const { calls } = await renderApp(
      <AppShell>
        <DirtyForm />
      </AppShell>,
      {
        embedded: false,
        handlers: {
          ...partner.handlers,
        },
      },
    );
    const switches = () => calls.filter((c) => c.path === "partners.switchPartner");
    await userEvent.click(screen.getByRole("button", { name: "Type something" }));
    await userEvent.selectOptions(await screen.findByLabelText("Partner"), partnerB.id);
    expect(await screen.findByRole("dialog", { name: "Leave without saving?" })).toBeInTheDocument();
    expect(switches()).toHaveLength(0);
    await userEvent.click(screen.getByRole("button", { name: "Stay on this page" }));
    expect(switches()).toHaveLength(0);
    expect(screen.getByLabelText("Partner")).toHaveValue(partnerA.id);

    await userEvent.selectOptions(screen.getByLabelText("Partner"), partnerB.id);
    await userEvent.click(await screen.findByRole("button", { name: "Leave without saving" }));
    await waitFor(() => expect(screen.getByLabelText("Partner")).toHaveValue(partnerB.id));
    expect(switches()).toEqual([{ path: "partners.switchPartner", input: { partnerId: partnerB.id } }]);
  });

  it("starts a list on its first page for the new partner (not at the previous partner's cursor)", async () => {
    const partner = switchablePartner();
    const record = (name: string) => ({
      id: `00000000-0000-4000-8000-${name === "Acme kayak" ? "000000000001" : "000000000002"}`,
      name,
      status: "draft",
      price: null,
      active: true,
      tags: null,
      publishedOn: null,
    });
    const { calls } = await renderApp(
      <AppShell>
        <DemoRecordsPage />
      </AppShell>,
      {
        embedded: false,
        path: "/demo/records",
        handlers: {
          ...partner.handlers,
          "demo.list": () =>
            partner.state.current === partnerA
              ? { items: [record("Acme kayak")], nextCursor: "acme-cursor-2" }
              : { items: [record("Beta bike")], nextCursor: null },
          "demo.count": () => ({ total: partner.state.current === partnerA ? 45 : 1 }),
        },
      },
    );
    expect(await screen.findByText("45 records · Page 1 of 3")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Next" }));
    expect(await screen.findByText("45 records · Page 2 of 3")).toBeInTheDocument();

    await userEvent.selectOptions(screen.getByLabelText("Partner"), partnerB.id);
    expect(await screen.findByText("1 record")).toBeInTheDocument();
    await waitFor(() => expect(calls.filter((c) => c.path === "demo.list").at(-1)?.input).toMatchObject({ cursor: null }));
    expect(screen.getAllByText("Beta bike")).not.toHaveLength(0);
    expect(screen.queryByRole("navigation", { name: "Pages" })).toBeNull();
  });

  it("follows the current partner's wording both ways (ACME's Submit, Peek's Save)", async () => {
    const acme = { id: "00000000-0000-4000-8000-0000000000ac", name: "Acme Platform", platform: "acme" };
    const partners = [acme, partnerB];
    let current = acme;
    const SaveButton = () => <button type="button">{useT()("form.save")}</button>;
    await renderApp(
      <AppShell>
        <SaveButton />
      </AppShell>,
      {
        embedded: false,
        handlers: {
          "partners.portalInfo": portalInfo,
          "partners.me": () => meOf(current, partners),
          "partners.switchPartner": ({ partnerId }: { partnerId: string }) => {
            current = partners.find((p) => p.id === partnerId) ?? current;
            return { ok: true };
          },
        } as Record<string, Handler>,
      },
    );
    expect(await screen.findByRole("button", { name: "Submit" })).toBeInTheDocument();
    await userEvent.selectOptions(screen.getByLabelText("Partner"), partnerB.id);
    expect(await screen.findByRole("button", { name: "Save" })).toBeInTheDocument();
    await userEvent.selectOptions(await screen.findByLabelText("Partner"), acme.id);
    expect(await screen.findByRole("button", { name: "Submit" })).toBeInTheDocument();
  });
});

it("says when signing out failed", async () => {
  await renderApp(<SignOutButton />, {
    embedded: false,
    handlers: {
      "partners.logout": () => {
        throw apiError("INTERNAL_SERVER_ERROR", 500);
      },
    },
  });
  await userEvent.click(screen.getByRole("button", { name: "Sign out" }));
  expect(await screen.findByRole("alert")).toHaveTextContent("The app failed to do that. Try again in a moment.");
  expect(screen.getByRole("button", { name: "Sign out" })).toBeEnabled();
});

it("words the system status in the user's language only (not the server's English message)", async () => {
  await renderApp(<SystemStatus status={{ ragStatus: "amber", publicMessage: "Operational", internalMessage: "x" }} error={false} />, {
    locale: "es",
    embedded: false,
  });
  expect(screen.getByRole("status")).toHaveTextContent("Degradado");
  expect(screen.getByRole("status")).not.toHaveTextContent("Operational");
});
