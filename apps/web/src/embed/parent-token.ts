/**
 * Asks Peek Pro (the parent frame) for a fresh Peek token: posts `{type: "peek-iframe-token-refresh"}` to its exact
 * origin and accepts only `{type: "peek-token-response", token}` from `window.parent` at that origin.
 */
export function requestParentToken(options: { win: Window; parentOrigin: string | null; timeoutMs?: number }): Promise<string> {
  const { win, parentOrigin } = options;
  return new Promise((resolve, reject) => {
    if (!parentOrigin || win.parent === win) {
      reject(new Error("not embedded in Peek Pro"));
      return;
    }
    const timer = setTimeout(() => {
      win.removeEventListener("message", onMessage);
      reject(new Error("Peek Pro did not answer the token request"));
    }, options.timeoutMs ?? 10_000);
    function onMessage(event: MessageEvent) {
      if (event.source !== win.parent || event.origin !== parentOrigin) return;
      const data = event.data as { type?: unknown; token?: unknown } | null;
      if (data?.type !== "peek-token-response" || typeof data.token !== "string") return;
      clearTimeout(timer);
      win.removeEventListener("message", onMessage);
      resolve(data.token);
    }
    win.addEventListener("message", onMessage);
    win.parent.postMessage({ type: "peek-iframe-token-refresh" }, parentOrigin);
  });
}

/** Reports the page height to Peek Pro so it can size the iframe; returns a function that stops it. */
export function reportHeight(options: { win: Window; parentOrigin: string | null }): () => void {
  const { win, parentOrigin } = options;
  if (!parentOrigin || win.parent === win || typeof ResizeObserver === "undefined") return () => {};
  let last = -1;
  const observer = new ResizeObserver(() => {
    const height = win.document.body.scrollHeight + 20;
    if (height === last) return;
    last = height;
    win.parent.postMessage({ type: "peek-iframe-resize", height: `${height}px` }, parentOrigin);
  });
  observer.observe(win.document.body);
  return () => observer.disconnect();
}
