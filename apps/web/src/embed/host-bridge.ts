/**
 * Every message between the app and the page that frames it (Peek Pro, or the kit's emulator), in one place, with the
 * exact-origin check in one place: messages go only to the parent's exact origin (never "*"), and only messages from
 * `window.parent` at that origin are read.
 *
 * Peek's own messages (its starter kit's and the original kit's): the app asks for a fresh Peek token
 * (`peek-iframe-token-refresh` → `peek-token-response`), reports its height (`peek-iframe-resize`) and asks to be
 * opened again when its session cannot be renewed (`peek-iframe-auth-refresh`).
 *
 * The kit's own, which only the emulator speaks (Peek Pro ignores them): `kit-app-hello` asks the host what it can do;
 * a host that answers `kit-host-hello` with the `visible-region` capability then reports which part of the frame the
 * user sees (`kit-visible-region`), so overlays open there. Without it the app anchors overlays near the last action.
 */
export type AppToHost =
  | { type: "peek-iframe-token-refresh" }
  | { type: "peek-iframe-resize"; height: `${number}px` }
  | { type: "peek-iframe-auth-refresh" }
  | { type: "kit-app-hello"; wants: string[] };

export type HostToApp =
  | { type: "peek-token-response"; token: string }
  | { type: "kit-host-hello"; capabilities: string[] }
  | { type: "kit-visible-region"; top: number; height: number };

export const VISIBLE_REGION = "visible-region";

/** Reads a message only if it is one of ours, with the right fields (anything else from the parent is ignored). */
export function readHostMessage(data: unknown): HostToApp | null {
  if (!data || typeof data !== "object") return null;
  const m = data as Record<string, unknown>;
  if (m.type === "peek-token-response" && typeof m.token === "string") return { type: m.type, token: m.token };
  if (m.type === "kit-host-hello" && Array.isArray(m.capabilities)) {
    return { type: m.type, capabilities: m.capabilities.filter((c): c is string => typeof c === "string").slice(0, 20) };
  }
  const finite = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v) && v >= 0 && v < 1_000_000;
  if (m.type === "kit-visible-region" && finite(m.top) && finite(m.height)) return { type: m.type, top: m.top, height: m.height };
  return null;
}

export interface HostBridge {
  readonly parentOrigin: string;
  /** A fresh Peek token from the host (rejects after `timeoutMs`). */
  requestToken(timeoutMs?: number): Promise<string>;
  /** Keeps reporting the page's height to the host; returns a function that stops it. */
  reportHeight(): () => void;
  /** Asks the host to open the app again (its session could not be renewed). */
  askReload(): void;
  /** Subscribes to the visible part of the frame, when the host offers it; returns the unsubscribe function. */
  onVisibleRegion(handler: (region: { top: number; height: number }) => void): () => void;
}

/** The bridge to the parent frame at `parentOrigin`; null when the page is not framed or the origin is unknown. */
export function createHostBridge(win: Window, parentOrigin: string | null): HostBridge | null {
  if (!parentOrigin || win.parent === win) return null;
  const send = (message: AppToHost) => win.parent.postMessage(message, parentOrigin);
  const listen = (handler: (message: HostToApp) => void) => {
    const onMessage = (event: MessageEvent) => {
      if (event.source !== win.parent || event.origin !== parentOrigin) return;
      const message = readHostMessage(event.data);
      if (message) handler(message);
    };
    win.addEventListener("message", onMessage);
    return () => win.removeEventListener("message", onMessage);
  };
  return {
    parentOrigin,
    requestToken(timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const stop = listen((message) => {
          if (message.type !== "peek-token-response") return;
          clearTimeout(timer);
          stop();
          resolve(message.token);
        });
        const timer = setTimeout(() => {
          stop();
          reject(new Error("Peek Pro did not answer the token request"));
        }, timeoutMs);
        send({ type: "peek-iframe-token-refresh" });
      });
    },
    reportHeight() {
      if (typeof ResizeObserver === "undefined") return () => {};
      let last = -1;
      const observer = new ResizeObserver(() => {
        const height = win.document.body.scrollHeight + 20;
        if (height === last) return;
        last = height;
        send({ type: "peek-iframe-resize", height: `${height}px` });
      });
      observer.observe(win.document.body);
      return () => observer.disconnect();
    },
    askReload: () => send({ type: "peek-iframe-auth-refresh" }),
    onVisibleRegion(handler) {
      let offered = false;
      const stop = listen((message) => {
        if (message.type === "kit-host-hello") offered = message.capabilities.includes(VISIBLE_REGION);
        else if (message.type === "kit-visible-region" && offered) handler({ top: message.top, height: message.height });
      });
      send({ type: "kit-app-hello", wants: [VISIBLE_REGION] });
      return stop;
    },
  };
}
