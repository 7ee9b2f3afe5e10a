import { afterEach, describe, expect, it, vi } from "vitest";
import { requestParentToken } from "../embed/parent-token";

const PEEK = "https://pro.peek.com";

/** A real frame: the test's window plays Peek Pro, the iframe's window plays our app. */
function embeddedWindow(): Window {
  const frame = document.createElement("iframe");
  document.body.append(frame);
  return frame.contentWindow as Window;
}

function reply(win: Window, init: { data: unknown; origin: string; source: Window | null }) {
  win.dispatchEvent(new MessageEvent("message", init as MessageEventInit));
}

afterEach(() => {
  document.body.innerHTML = "";
  vi.restoreAllMocks();
});

describe("requestParentToken", () => {
  it("asks the parent at its exact origin and accepts only its answer", async () => {
    const win = embeddedWindow();
    const post = vi.spyOn(win.parent, "postMessage");
    const pending = requestParentToken({ win, parentOrigin: PEEK, timeoutMs: 2_000 });
    expect(post).toHaveBeenCalledWith({ type: "peek-iframe-token-refresh" }, PEEK);

    reply(win, {
      data: { type: "peek-token-response", token: "from-evil" },
      origin: "https://pro.peek.com.evil.example",
      source: win.parent,
    });
    reply(win, { data: { type: "peek-token-response", token: "from-sibling" }, origin: PEEK, source: win });
    reply(win, { data: { type: "something-else", token: "x" }, origin: PEEK, source: win.parent });
    reply(win, { data: { type: "peek-token-response", token: 42 }, origin: PEEK, source: win.parent });
    reply(win, { data: { type: "peek-token-response", token: "the-real-one" }, origin: PEEK, source: win.parent });
    await expect(pending).resolves.toBe("the-real-one");
  });

  it("never posts to '*' and refuses when there is no known Peek parent", async () => {
    const win = embeddedWindow();
    const post = vi.spyOn(win.parent, "postMessage");
    await expect(requestParentToken({ win, parentOrigin: null })).rejects.toThrow("not embedded");
    await expect(requestParentToken({ win: window, parentOrigin: PEEK })).rejects.toThrow("not embedded");
    expect(post).not.toHaveBeenCalled();
  });

  it("times out when the parent does not answer", async () => {
    await expect(requestParentToken({ win: embeddedWindow(), parentOrigin: PEEK, timeoutMs: 50 })).rejects.toThrow("did not answer");
  });
});
