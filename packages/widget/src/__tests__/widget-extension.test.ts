import { afterEach, describe, expect, it, vi } from "vitest";
import { ACCESS_TOKEN_EVENT, type PeekAppEvent, type PeekExtensionContext, REFRESH_EVENTS } from "../contract";
import widgetExtension, { runWidget } from "../widget-extension";

/** Peek Pro's side of the contract, recorded: subscriptions and extensions API calls. */
function peekContext(accessToken = "token-1") {
  const handlers = new Map<string, ((event: PeekAppEvent) => void)[]>();
  const calls: [string, string][] = [];
  const context: PeekExtensionContext = {
    subscribeToAppEvent: (name, handler) => handlers.set(name, [...(handlers.get(name) ?? []), handler]),
    callPeekExtensionsAPI: (method, service) => calls.push([method, service]),
    config: { accessToken },
  };
  const emit = (name: string, value: unknown) => {
    for (const handler of handlers.get(name) ?? []) handler({ data: { value } });
  };
  return { context, calls, emit };
}

const hello = (records: number) => ({
  ok: true,
  message: "Hello from Peek App Kit",
  partner: { id: "p1", name: "Acme <b>Tours</b>", platform: "cng" },
  demoRecords: records,
});

function apiFetch(answer: (token: string | null) => Response) {
  const seen: { url: string; token: string | null; credentials?: RequestCredentials }[] = [];
  const fetch = vi.fn(async (url: string | URL | Request, init?: RequestInit) => {
    const token = new Headers(init?.headers).get("x-peek-auth");
    seen.push({ url: String(url), token, ...(init?.credentials ? { credentials: init.credentials } : {}) });
    return answer(token);
  });
  return { fetch: fetch as unknown as typeof globalThis.fetch, seen };
}

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
const widgetText = () => document.getElementById("peek-app-kit-widget")?.shadowRoot?.textContent ?? "";

afterEach(() => {
  document.body.replaceChildren();
});

describe("the widget extension", () => {
  it("calls the widget API with the access token and shows the partner and its demo record count, as text", async () => {
    const { context } = peekContext();
    const { fetch, seen } = apiFetch(() => json(200, hello(3)));
    await runWidget(context, { origin: "https://app.example", fetch });
    expect(seen).toEqual([{ url: "https://app.example/widget/hello", token: "Bearer token-1", credentials: "omit" }]);
    expect(widgetText()).toContain("Hello from Peek App Kit · Acme <b>Tours</b>");
    expect(widgetText()).toContain("3 demo records");
    expect(document.getElementById("peek-app-kit-widget")?.shadowRoot?.querySelector("b")).toBeNull();
  });

  it("uses the newest access token Peek hands over, and refreshes on booking events", async () => {
    const { context, emit } = peekContext();
    let records = 1;
    const { fetch, seen } = apiFetch(() => json(200, hello(records)));
    await runWidget(context, { origin: "https://app.example", fetch });
    expect(widgetText()).toContain("1 demo record");
    records = 2;
    emit("access_token_updated", "token-2");
    await vi.waitFor(() => expect(widgetText()).toContain("2 demo records"));
    emit("booking_updated", { id: "b1" });
    await vi.waitFor(() => expect(seen).toHaveLength(3));
    expect(seen.map((s) => s.token)).toEqual(["Bearer token-1", "Bearer token-2", "Bearer token-2"]);
  });

  it.each([
    [401, "Not authorized"],
    [503, "Widget API not configured"],
    [500, "The app is unreachable"],
  ])("explains a %s", async (status, text) => {
    const { context } = peekContext();
    await runWidget(context, { origin: "https://app.example", fetch: apiFetch(() => json(status, { error: "x" })).fetch });
    expect(widgetText()).toContain(text);
  });

  it("opens the app through Peek's extensions API", async () => {
    const { context, calls } = peekContext();
    await runWidget(context, { origin: "https://app.example", fetch: apiFetch(() => json(200, hello(0))).fetch });
    document.getElementById("peek-app-kit-widget")?.shadowRoot?.querySelector("button")?.click();
    expect(calls).toEqual([["openApp", "navigation"]]);
  });

  it("is the default export, called with Peek's context as this", async () => {
    const { context } = peekContext();
    const fetch = vi.fn(async () => json(200, hello(5)));
    vi.stubGlobal("fetch", fetch);
    try {
      await widgetExtension.call(context);
    } finally {
      vi.unstubAllGlobals();
    }
    expect(fetch).toHaveBeenCalledOnce();
    expect(widgetText()).toContain("5 demo records");
  });
});

describe("the widget on Peek's page, when things go wrong", () => {
  it("stops waiting for an app that does not answer (Peek's page never waits on it), and says so", async () => {
    const { context } = peekContext();
    const hung = vi.fn(
      (_url: string | URL | Request, init?: RequestInit) =>
        new Promise<Response>((_resolve, reject) => init?.signal?.addEventListener("abort", () => reject(init.signal?.reason))),
    );
    const started = Date.now();
    await runWidget(context, { origin: "https://app.example", fetch: hung as unknown as typeof fetch, timeoutMs: 50 });
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(widgetText()).not.toContain("Loading");
  });

  it("stops an older call when a newer one starts, and shrugs off an event without data and a failing Peek call", async () => {
    const handlers = new Map<string, ((event: PeekAppEvent) => void)[]>();
    const context: PeekExtensionContext = {
      subscribeToAppEvent: (name, handler) => handlers.set(name, [...(handlers.get(name) ?? []), handler]),
      callPeekExtensionsAPI: () => Promise.reject(new Error("no such service")),
      config: { accessToken: "token-1" },
    };
    const aborted: string[] = [];
    let calls = 0;
    const fetch = vi.fn((_url: string | URL | Request, init?: RequestInit) => {
      calls += 1;
      if (calls > 1) return Promise.resolve(json(200, hello(2)));
      return new Promise<Response>((_resolve, reject) =>
        init?.signal?.addEventListener("abort", () => {
          aborted.push("first");
          reject(init.signal?.reason);
        }),
      );
    });
    const running = runWidget(context, { origin: "https://app.example", fetch: fetch as unknown as typeof globalThis.fetch });
    await vi.waitFor(() => expect(calls).toBe(1));
    // A booking event while the first call hangs: the first is stopped, the second's answer shows.
    for (const handler of handlers.get(REFRESH_EVENTS[0] ?? "") ?? []) handler({ data: { value: null } });
    await running;
    await vi.waitFor(() => expect(widgetText()).toContain("2 demo records"));
    expect(aborted).toEqual(["first"]);
    // Peek calling a handler with nothing, and its own API failing when the operator opens the app: nothing thrown.
    for (const handler of handlers.get(ACCESS_TOKEN_EVENT) ?? []) {
      expect(() => (handler as (event?: PeekAppEvent) => void)(undefined)).not.toThrow();
    }
    document.getElementById("peek-app-kit-widget")?.shadowRoot?.querySelector("button")?.click();
    await new Promise((resolve) => setTimeout(resolve, 10));
  });
});
