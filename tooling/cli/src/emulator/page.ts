import { escapeHtml } from "@kit/api";

/**
 * The emulator's single page. Its script talks to the emulator's JSON API, frames the app by POSTing `peek-auth` to
 * the settings URL exactly as Peek Pro does, and answers the iframe's token-refresh and resize messages — from the
 * app's exact origin only.
 */
export function emulatorPage(options: { nonce: string; appOrigin: string; settingsUrl: string; appName: string }): string {
  const config = JSON.stringify({ appOrigin: options.appOrigin, settingsUrl: options.settingsUrl }).replace(/</g, "\\u003c");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Peek Pro emulator · ${escapeHtml(options.appName)}</title>
<style nonce="${options.nonce}">
  body { font: 14px/1.45 system-ui, sans-serif; margin: 0; color: #1f2937; background: #f3f4f6; }
  header { background: #0f172a; color: #fff; padding: 10px 18px; display: flex; gap: 12px; align-items: baseline; }
  header small { color: #94a3b8; }
  main { display: grid; grid-template-columns: 360px 1fr; gap: 16px; padding: 16px; }
  section { background: #fff; border: 1px solid #e5e7eb; border-radius: 8px; padding: 12px 14px; margin-bottom: 16px; }
  h2 { font-size: 15px; margin: 0 0 8px; }
  label { display: block; margin: 6px 0 2px; font-size: 12px; color: #4b5563; }
  input[type=checkbox] { width: auto; margin-right: 6px; }
  input:not([type=checkbox]), select, textarea { width: 100%; box-sizing: border-box; font: inherit; padding: 4px 6px; border: 1px solid #d1d5db; border-radius: 4px; }
  textarea { font-family: ui-monospace, monospace; font-size: 12px; height: 140px; }
  button { font: inherit; margin: 6px 6px 0 0; padding: 4px 10px; border-radius: 4px; border: 1px solid #94a3b8; background: #f8fafc; cursor: pointer; }
  .install { border-top: 1px solid #e5e7eb; padding: 6px 0; }
  .install.current { background: #eff6ff; }
  .muted { color: #6b7280; font-size: 12px; }
  iframe { width: 100%; min-height: 480px; border: 1px solid #cbd5e1; border-radius: 6px; background: #fff; }
  table { width: 100%; border-collapse: collapse; font-size: 12px; }
  td, th { text-align: left; border-top: 1px solid #e5e7eb; padding: 3px 4px; vertical-align: top; overflow-wrap: anywhere; }
  main > div { min-width: 0; }
  #error { color: #b91c1c; }
  #mcp-result { white-space: pre-wrap; max-height: 240px; overflow: auto; }
  /* Phone width: the app first (as Peek Pro's mobile layout shows it), the emulator's controls below. */
  @media (max-width: 900px) {
    main { grid-template-columns: 1fr; padding: 8px; }
    main > div:last-child { order: -1; }
    section { padding: 8px; }
    iframe { min-height: 320px; }
  }
</style>
</head>
<body>
<header><strong>Peek Pro</strong><small>local emulator · ${escapeHtml(options.appName)} · no account, no network</small></header>
<main>
  <div>
    <section>
      <h2>Install app</h2>
      <form id="install-form">
        <label for="account">Account name</label><input id="account" name="account" required value="Acme Tours">
        <label for="platform">Platform</label>
        <select id="platform" name="platform"><option>peek</option><option>cng</option><option>acme</option></select>
        <label><input type="checkbox" id="test" name="test"> Test account</label>
        <label for="userName">User name</label><input id="userName" name="userName" value="Pat Operator">
        <label for="userEmail">User email</label><input id="userEmail" name="userEmail" type="email" placeholder="generated when blank">
        <label for="locale">Locale</label><input id="locale" name="locale" value="en">
        <button type="submit">Install app</button>
      </form>
      <p id="error" role="alert"></p>
    </section>
    <section>
      <h2>Installations</h2>
      <div id="installs"><p class="muted">None yet.</p></div>
      <label><input type="checkbox" id="fault-configuration-status"> Peek's setup-status endpoint fails (503), to watch the app retry</label>
    </section>
    <section>
      <h2>Booking events</h2>
      <p class="muted" id="events-for">Open an installation: events go to it.</p>
      <label for="event">Event</label>
      <select id="event"></select>
      <label for="booking-id">Booking</label>
      <select id="booking-id"><option value="">a new booking</option></select>
      <details><summary class="muted">Extra fields</summary>
        <label for="fields">Fields merged into the payload's booking (JSON)</label>
        <textarea id="fields">{}</textarea>
      </details>
      <button type="button" id="send-booking">Send booking event</button>
      <button type="button" id="send-waiver">Send waiver</button>
    </section>
    <section>
      <h2>Peek's AI (MCP)</h2>
      <p class="muted">The tools the open installation's app offers Peek's AI, called with its user's token.</p>
      <button type="button" id="mcp-list">List tools</button>
      <label for="mcp-tool">Tool</label>
      <select id="mcp-tool"></select>
      <label for="mcp-args">Arguments (JSON)</label>
      <textarea id="mcp-args">{}</textarea>
      <button type="button" id="mcp-call">Call tool</button>
      <pre id="mcp-result" class="muted"></pre>
    </section>
  </div>
  <div>
    <section>
      <h2 id="frame-title">The app</h2>
      <iframe id="app-frame" name="app-frame" title="The app, embedded as in Peek Pro"></iframe>
    </section>
    <section>
      <h2>Requests sent to the app</h2>
      <table><thead><tr><th>At</th><th>Action</th><th>URL</th><th>Status</th><th>Response</th></tr></thead><tbody id="log"></tbody></table>
    </section>
  </div>
</main>
<script nonce="${options.nonce}">
"use strict";
const CONFIG = ${config};
let current = null;
const $ = (id) => document.getElementById(id);
const text = (tag, value, className) => { const el = document.createElement(tag); el.textContent = value; if (className) el.className = className; return el; };

async function api(path, body) {
  const response = await fetch(path, body === undefined ? {} : { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  const data = await response.json();
  if (!response.ok) throw new Error(data.error || ("HTTP " + response.status));
  return data;
}
function showError(error) { $("error").textContent = error ? String(error.message || error) : ""; }

let kindOfEvent = {};
function fillEvents(events) {
  const select = $("event");
  if (select.options.length > 0) return;
  for (const kind of events.filter((k) => k.kind !== "waiver")) {
    for (const name of kind.events) { kindOfEvent[name] = kind.kind; select.append(new Option(name, name)); }
  }
}
function fillBookings(install) {
  const select = $("booking-id");
  const chosen = select.value;
  select.replaceChildren(new Option("a new booking", ""));
  for (const booking of Object.values((install && install.bookings) || {})) {
    const label = booking.displayId + " · " + booking.quantity + " guests" + (booking.canceled ? " · canceled" : "");
    select.append(new Option(label, booking.id));
  }
  select.value = [...select.options].some((o) => o.value === chosen) ? chosen : select.options[select.options.length - 1].value;
  $("events-for").textContent = install ? "Events go to " + install.account.name + "." : "Open an installation: events go to it.";
}

async function refresh() {
  const state = await api("/api/state");
  $("fault-configuration-status").checked = !!(state.faults && state.faults.configurationStatus);
  fillEvents(state.events);
  fillBookings(state.installations.find((i) => i.installId === current));
  const list = $("installs");
  list.replaceChildren();
  if (state.installations.length === 0) list.append(text("p", "None yet.", "muted"));
  for (const install of state.installations) {
    const row = document.createElement("div");
    row.className = "install" + (current === install.installId ? " current" : "");
    row.dataset.installId = install.installId;
    row.append(text("strong", install.account.name), text("div", install.installId + " · " + install.account.platform + (install.account.isTest ? " · test" : "") + " · " + install.status, "muted"), text("div", install.user.name + " <" + install.user.email + ">", "muted"));
    const setup = install.configurationStatus;
    const reported = text("div", setup ? "Setup reported: " + setup.status.replace("_", " ") + (setup.notes ? " (" + setup.notes + ")" : "") + " · " + setup.at.slice(0, 19).replace("T", " ") : "Setup: nothing reported yet", "muted");
    reported.dataset.setupStatus = setup ? setup.status : "";
    row.append(reported);
    if (install.status === "installed") {
      const open = text("button", "Open app"); open.type = "button"; open.addEventListener("click", () => openApp(install).catch(showError));
      const uninstall = text("button", "Uninstall"); uninstall.type = "button";
      uninstall.addEventListener("click", () => api("/api/installs/" + encodeURIComponent(install.installId) + "/uninstall", {}).then(refresh, showError));
      row.append(open, uninstall);
    } else if (!state.installations.some((i) => i.account.id === install.account.id && i.status === "installed")) {
      const reinstall = text("button", "Reinstall"); reinstall.type = "button";
      reinstall.addEventListener("click", () => api("/api/installs/" + encodeURIComponent(install.installId) + "/reinstall", {}).then(refresh, showError));
      row.append(reinstall);
    }
    list.append(row);
  }
  const log = $("log");
  log.replaceChildren();
  for (const entry of state.log.slice(0, 30)) {
    const tr = document.createElement("tr");
    for (const value of [entry.at.slice(11, 19), entry.action, entry.method + " " + entry.url, entry.status === null ? "—" : String(entry.status), entry.response]) tr.append(text("td", value));
    log.append(tr);
  }
}

async function openApp(install) {
  showError(null);
  current = install.installId;
  const { token } = await api("/api/installs/" + encodeURIComponent(install.installId) + "/token", {});
  const form = document.createElement("form");
  form.method = "POST"; form.action = CONFIG.settingsUrl; form.target = "app-frame";
  const field = document.createElement("input");
  field.type = "hidden"; field.name = "peek-auth"; field.value = token;
  form.append(field); document.body.append(form); form.submit(); form.remove();
  $("frame-title").textContent = "The app · " + install.account.name;
  await refresh();
}

// The iframe's messages, from the app's exact origin only. Peek Pro's own: a fresh token, the frame's height, "open me
// again". The kit's own (Peek Pro does not speak it): the app asks what the host offers, and this host reports which
// part of the frame is visible as the page scrolls, so the app's overlays open there.
let regionWanted = false;
function sendVisibleRegion() {
  const frame = $("app-frame");
  if (!regionWanted || !frame.contentWindow) return;
  const rect = frame.getBoundingClientRect();
  const top = Math.max(0, -rect.top);
  const height = Math.max(0, Math.min(rect.bottom, window.innerHeight) - Math.max(rect.top, 0));
  frame.contentWindow.postMessage({ type: "kit-visible-region", top: Math.round(top), height: Math.round(height) }, CONFIG.appOrigin);
}
window.addEventListener("scroll", sendVisibleRegion, { passive: true });
window.addEventListener("resize", sendVisibleRegion);
window.addEventListener("message", async (event) => {
  if (event.origin !== CONFIG.appOrigin || event.source !== $("app-frame").contentWindow) return;
  const data = event.data || {};
  if (data.type === "peek-iframe-token-refresh" && current) {
    const { token } = await api("/api/installs/" + encodeURIComponent(current) + "/token", {});
    event.source.postMessage({ type: "peek-token-response", token }, CONFIG.appOrigin);
  } else if (data.type === "peek-iframe-resize" && /^\\d{1,5}px$/.test(String(data.height))) {
    $("app-frame").style.height = data.height;
    sendVisibleRegion();
  } else if (data.type === "peek-iframe-auth-refresh" && current) {
    // As Peek Pro does: open the app again with a fresh token.
    const state = await api("/api/state");
    const install = state.installations.find((i) => i.installId === current);
    if (install) openApp(install).catch(showError);
  } else if (data.type === "kit-app-hello" && Array.isArray(data.wants)) {
    regionWanted = data.wants.includes("visible-region");
    event.source.postMessage({ type: "kit-host-hello", capabilities: ["visible-region"] }, CONFIG.appOrigin);
    sendVisibleRegion();
  }
});

$("install-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const form = new FormData(event.target);
  api("/api/installs", { account: form.get("account"), platform: form.get("platform"), test: form.get("test") === "on", userName: form.get("userName"), userEmail: form.get("userEmail"), locale: form.get("locale") })
    .then((install) => { showError(null); return openApp(install); }, showError);
});
$("send-booking").addEventListener("click", () => {
  if (!current) return showError("Open an installation first: the booking goes to it.");
  let fields;
  try { fields = JSON.parse($("fields").value || "{}"); } catch (error) { return showError("The extra fields are not valid JSON: " + error.message); }
  const event = $("event").value;
  const body = kindOfEvent[event] !== "booking" ? { event } : { event, ...($("booking-id").value ? { bookingId: $("booking-id").value } : {}), ...(Object.keys(fields).length ? { fields } : {}) };
  api("/api/installs/" + encodeURIComponent(current) + (kindOfEvent[event] === "booking" ? "/booking" : "/event"), body).then(() => { showError(null); return refresh(); }, (error) => { showError(error); refresh(); });
});
$("fault-configuration-status").addEventListener("change", (event) => {
  api("/api/faults", { configurationStatus: event.target.checked }).then(refresh, showError);
});
$("send-waiver").addEventListener("click", () => {
  if (!current || !$("booking-id").value) return showError("Open an installation and pick one of its bookings: the waiver is signed for it.");
  api("/api/installs/" + encodeURIComponent(current) + "/waiver", { bookingId: $("booking-id").value }).then(() => { showError(null); return refresh(); }, (error) => { showError(error); refresh(); });
});
function mcp(body) {
  if (!current) return Promise.reject(new Error("Open an installation first: its app's tools are listed."));
  return api("/api/installs/" + encodeURIComponent(current) + "/mcp", body);
}
$("mcp-list").addEventListener("click", () => mcp({ method: "tools/list" }).then((answer) => {
  const tools = (answer.result && answer.result.tools) || [];
  $("mcp-tool").replaceChildren(...tools.map((tool) => new Option(tool.name, tool.name)));
  $("mcp-result").textContent = tools.map((tool) => tool.name + ": " + tool.description).join("\\n\\n") || JSON.stringify(answer, null, 2);
}, showError));
$("mcp-call").addEventListener("click", () => {
  let args;
  try { args = JSON.parse($("mcp-args").value || "{}"); } catch (error) { return showError("The arguments are not valid JSON: " + error.message); }
  mcp({ method: "tools/call", name: $("mcp-tool").value, arguments: args }).then((answer) => { $("mcp-result").textContent = JSON.stringify(answer.result || answer.error, null, 2); }, showError);
});
refresh().catch(showError);
setInterval(() => refresh().catch(() => {}), 5000);
</script>
</body>
</html>`;
}
