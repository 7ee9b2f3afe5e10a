import { afterEach, describe, expect, it, vi } from "vitest";
import { createHostBridge, readHostMessage } from "../embed/host-bridge";
import { framedParentOrigin } from "../embed/page-config";
import { placeOverlays, trackVisibleRegion } from "../embed/visible-region";

const PEEK = "https://pro.peek.com";

/** A real frame: the test's window plays Peek Pro, the iframe's window plays our app. */
function embeddedWindow(): Window {
  const frame = document.createElement("iframe");
  document.body.append(frame);
  return frame.contentWindow as Window;
}
/**
 * A page taller than the presses of the tests, in a frame grown to its height as Peek Pro grows it (jsdom lays nothing
 * out: its documents are 0 px tall).
 */
function tallDocument(win: Window, height = 3000) {
  Object.defineProperty(win.document.documentElement, "scrollHeight", { configurable: true, value: height });
  Object.defineProperty(win, "innerHeight", { configurable: true, value: height });
}
const reply = (win: Window, init: { data: unknown; origin: string; source: Window | null }) =>
  win.dispatchEvent(new MessageEvent("message", init as MessageEventInit));

afterEach(() => {
  document.body.innerHTML = "";
  vi.restoreAllMocks();
});

describe("the bridge to Peek Pro", () => {
  it("asks for a token at the parent's exact origin and accepts only its answer", async () => {
    const win = embeddedWindow();
    const post = vi.spyOn(win.parent, "postMessage");
    const bridge = createHostBridge(win, PEEK);
    const pending = bridge?.requestToken(2_000);
    expect(post).toHaveBeenCalledWith({ type: "peek-iframe-token-refresh" }, PEEK);
    reply(win, {
      data: { type: "peek-token-response", token: "from-evil" },
      origin: "https://pro.peek.com.evil.example",
      source: win.parent,
    });
    reply(win, { data: { type: "peek-token-response", token: "from-sibling" }, origin: PEEK, source: win });
    reply(win, { data: { type: "peek-token-response", token: 42 }, origin: PEEK, source: win.parent });
    reply(win, { data: { type: "peek-token-response", token: "the-real-one" }, origin: PEEK, source: win.parent });
    await expect(pending).resolves.toBe("the-real-one");
  });

  it("does not exist without a known Peek parent (nothing is ever posted to '*')", () => {
    expect(createHostBridge(embeddedWindow(), null)).toBeNull();
    expect(createHostBridge(window, PEEK)).toBeNull();
  });

  it("times out when the parent does not answer", async () => {
    await expect(createHostBridge(embeddedWindow(), PEEK)?.requestToken(50)).rejects.toThrow("did not answer");
  });

  it("asks Peek Pro to open the app again with Peek's own message", () => {
    const win = embeddedWindow();
    const post = vi.spyOn(win.parent, "postMessage");
    createHostBridge(win, PEEK)?.askReload();
    expect(post).toHaveBeenCalledWith({ type: "peek-iframe-auth-refresh" }, PEEK);
  });

  it("reads only well-formed host messages", () => {
    expect(readHostMessage({ type: "kit-visible-region", top: 10, height: 500 })).toEqual({
      type: "kit-visible-region",
      top: 10,
      height: 500,
    });
    expect(readHostMessage({ type: "kit-visible-region", top: -1, height: 500 })).toBeNull();
    expect(readHostMessage({ type: "kit-visible-region", top: "10", height: 500 })).toBeNull();
    expect(readHostMessage({ type: "kit-host-hello", capabilities: "visible-region" })).toBeNull();
    expect(readHostMessage("peek-token-response")).toBeNull();
  });
});

describe("overlays in the visible part of a growing frame", () => {
  it("uses the region a host reports only after it said it offers it (Peek Pro does not: the emulator does)", () => {
    const win = embeddedWindow();
    tallDocument(win);
    const post = vi.spyOn(win.parent, "postMessage");
    const root = win.document.documentElement;
    const stop = trackVisibleRegion(win.document, createHostBridge(win, PEEK));
    expect(post).toHaveBeenCalledWith({ type: "kit-app-hello", wants: ["visible-region"] }, PEEK);
    expect(root.dataset.embedded).toBe("true");
    reply(win, { data: { type: "kit-visible-region", top: 900, height: 600 }, origin: PEEK, source: win.parent });
    expect(root.style.getPropertyValue("--kit-visible-top")).toBe("0px"); // not offered yet: ignored
    reply(win, { data: { type: "kit-host-hello", capabilities: ["visible-region"] }, origin: PEEK, source: win.parent });
    reply(win, { data: { type: "kit-visible-region", top: 900, height: 600 }, origin: PEEK, source: win.parent });
    expect(root.style.getPropertyValue("--kit-visible-top")).toBe("900px");
    expect(root.style.getPropertyValue("--kit-visible-height")).toBe("600px");
    expect(root.style.getPropertyValue("--kit-dialog-anchor")).toBe("1200px");
    expect(root.style.getPropertyValue("--kit-dialog-align")).toBe("0.5");
    // Scrolled until only the frame's last 126 px show: the dialog sits on the frame's bottom edge, not squeezed.
    reply(win, { data: { type: "kit-visible-region", top: 3000 - 126, height: 126 }, origin: PEEK, source: win.parent });
    expect(root.style.getPropertyValue("--kit-dialog-anchor")).toBe(`${3000 - 16}px`);
    expect(root.style.getPropertyValue("--kit-dialog-align")).toBe("1");
    expect(root.style.getPropertyValue("--kit-dialog-height")).toBe("320px");
    // The frame shrinks to 2 000 px with the region unchanged: every band follows it inside the frame.
    tallDocument(win, 2000);
    win.dispatchEvent(new Event("resize"));
    expect(root.style.getPropertyValue("--kit-visible-top")).toBe(`${2000 - 120}px`);
    expect(root.style.getPropertyValue("--kit-dialog-anchor")).toBe(`${2000 - 16}px`);
    stop();
  });

  it("places dialogs where they can be seen whole, within the frame, however little of it shows", () => {
    const frame = { top: 0, height: 3000 };
    // Enough of the frame shows: centred in it; toasts at its bottom.
    expect(placeOverlays({ top: 900, height: 600 }, frame)).toEqual({
      toasts: { top: 900, height: 600 },
      dialog: { top: 900, height: 600 },
      align: 0.5,
    });
    // Only the frame's bottom shows: the dialog's bottom on the frame's bottom, so its buttons are in view.
    expect(placeOverlays({ top: 2900, height: 100 }, frame)).toEqual({
      toasts: { top: 2880, height: 120 },
      dialog: { top: 2680, height: 320 },
      align: 1,
    });
    // Only the frame's top shows: its top on the frame's top.
    expect(placeOverlays({ top: 0, height: 90 }, frame)).toMatchObject({ dialog: { top: 0, height: 320 }, align: 0 });
    // A sliver in the middle (a short browser window): room around it, within the frame.
    expect(placeOverlays({ top: 1000, height: 200 }, frame)).toMatchObject({ dialog: { top: 940, height: 320 }, align: 0.5 });
    // A frame shorter than a dialog's room (a short page): the whole frame, never beyond it.
    expect(placeOverlays({ top: 0, height: 560 }, { top: 0, height: 250 })).toEqual({
      toasts: { top: 0, height: 250 },
      dialog: { top: 0, height: 250 },
      align: 0.5,
    });
    // A region reported beyond the frame (a host that is wrong, or a frame that just shrank) is brought inside.
    expect(placeOverlays({ top: 5000, height: 600 }, frame)).toMatchObject({ toasts: { top: 2880, height: 120 }, align: 1 });
    // A frame that scrolls instead of growing (its viewport is what it shows).
    expect(placeOverlays({ top: 0, height: 560 }, { top: 400, height: 700 })).toMatchObject({
      toasts: { top: 400, height: 160 },
      dialog: { top: 400, height: 320 },
      align: 0,
    });
  });

  it("without a host's region, guesses it around the user's last action", () => {
    const win = embeddedWindow();
    tallDocument(win);
    const root = win.document.documentElement;
    trackVisibleRegion(win.document, createHostBridge(win, PEEK));
    const event = new (win as unknown as typeof globalThis).MouseEvent("pointerdown", { bubbles: true });
    Object.defineProperty(event, "pageY", { value: 1500 });
    win.document.dispatchEvent(event);
    expect(root.style.getPropertyValue("--kit-visible-top")).toBe(`${1500 - 280}px`);
  });

  it("keeps the guessed region still for presses and focus inside an open dialog or the toaster (the overlay must not move)", () => {
    const win = embeddedWindow();
    tallDocument(win);
    const doc = win.document;
    const root = doc.documentElement;
    trackVisibleRegion(doc, createHostBridge(win, PEEK));
    doc.body.innerHTML = `<button id="page">Delete</button>
      <div role="alertdialog"><button id="confirm">Confirm</button></div>
      <div class="kit-toaster"><div role="alert">Failed</div></div>`;
    const press = (target: EventTarget, pageY: number) => {
      const event = new (win as unknown as typeof globalThis).MouseEvent("pointerdown", { bubbles: true });
      Object.defineProperty(event, "pageY", { value: pageY });
      target.dispatchEvent(event);
    };
    press(doc.getElementById("page") as Element, 1500);
    const region = () => [root.style.getPropertyValue("--kit-visible-top"), root.style.getPropertyValue("--kit-visible-height")];
    const opened = region();
    expect(opened).toEqual([`${1500 - 280}px`, "560px"]);
    const confirm = doc.getElementById("confirm") as HTMLElement;
    press(confirm, 1600);
    confirm.focus();
    expect(region()).toEqual(opened);
    press(doc.querySelector("[role=alert]") as Element, 1700);
    expect(region()).toEqual(opened);
    (doc.getElementById("page") as HTMLElement).focus(); // outside them, focus still counts (jsdom places it at 0)
    expect(region()).toEqual(["0px", "560px"]);
  });

  it("keeps the guessed region inside the document", () => {
    const win = embeddedWindow();
    const doc = win.document;
    const root = doc.documentElement;
    tallDocument(win, 2000);
    trackVisibleRegion(doc, createHostBridge(win, PEEK));
    const event = new (win as unknown as typeof globalThis).MouseEvent("pointerdown", { bubbles: true });
    Object.defineProperty(event, "pageY", { value: 1950 });
    doc.dispatchEvent(event);
    expect(root.style.getPropertyValue("--kit-visible-top")).toBe(`${2000 - 560}px`);
  });
});

describe("a page reloaded inside Peek Pro", () => {
  it("finds its parent only among Peek's origins", () => {
    const win = embeddedWindow();
    Object.defineProperty(win.document, "referrer", { value: "https://pro.peek.com/settings/apps" });
    expect(framedParentOrigin(win, ["https://*.peek.com"])).toBe("https://pro.peek.com");
    expect(framedParentOrigin(win, ["https://other.example"])).toBeNull();
    expect(framedParentOrigin(window, ["https://*.peek.com"])).toBeNull();
  });
});
