import type { HelloResult } from "./widget-api";

const HOST_ID = "peek-app-kit-widget";

const STYLE = `
  :host { all: initial; }
  .card { font: 14px/1.4 system-ui, sans-serif; color: #1f2937; background: #fff; border: 1px solid #e5e7eb;
    border-radius: 8px; padding: 12px 14px; box-shadow: 0 1px 3px rgb(0 0 0 / 0.08); max-width: 320px; }
  .title { font-weight: 600; margin: 0 0 4px; }
  .muted { color: #6b7280; margin: 0; }
  button { margin-top: 8px; font: inherit; border: 1px solid #d1d5db; background: #f9fafb; border-radius: 6px; padding: 4px 10px; cursor: pointer; }
`;

/** The widget's box: inside a shadow root, so Peek Pro's styles and ours never mix. Reuses `#peek-app-kit-widget` if present. */
export function mountPoint(doc: Document = document): ShadowRoot {
  let host = doc.getElementById(HOST_ID);
  if (!host) {
    host = doc.createElement("div");
    host.id = HOST_ID;
    (doc.body ?? doc.documentElement).append(host); // run from <head>, before there is a body
  }
  return host.shadowRoot ?? host.attachShadow({ mode: "open" });
}

/** Renders the greeting or the reason there is none, as text nodes only (nothing from the network becomes HTML). */
export function render(root: ShadowRoot, result: HelloResult | null, onOpen: () => void): void {
  const doc = root.ownerDocument;
  const style = doc.createElement("style");
  style.textContent = STYLE;
  const card = doc.createElement("section");
  card.className = "card";
  card.setAttribute("aria-live", "polite");
  const title = doc.createElement("p");
  title.className = "title";
  const detail = doc.createElement("p");
  detail.className = "muted";
  if (!result) {
    title.textContent = "Loading…";
  } else if (result.ok) {
    const { hello } = result;
    title.textContent = `${hello.message} · ${hello.partner.name}`;
    detail.textContent = `${hello.demoRecords} demo record${hello.demoRecords === 1 ? "" : "s"}`;
    const open = doc.createElement("button");
    open.type = "button";
    open.textContent = "Open app";
    open.addEventListener("click", onOpen);
    card.append(title, detail, open);
    root.replaceChildren(style, card);
    return;
  } else if (result.status === 401) {
    title.textContent = "Not authorized";
    detail.textContent = "The app did not accept this widget's access token.";
  } else if (result.status === 503) {
    title.textContent = "Widget API not configured";
    detail.textContent = "Set CLIENT_SECRET_TOKEN on the app.";
  } else {
    title.textContent = "The app is unreachable";
    detail.textContent = result.status ? `It answered ${result.status}.` : "Check the network and try again.";
  }
  card.append(title, detail);
  root.replaceChildren(style, card);
}
