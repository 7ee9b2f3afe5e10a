import { escapeHtml, jsonForScript } from "./html";

/**
 * The small pages the embed landing answers when it cannot open the app yet. Standalone HTML (no bundle), an inline
 * script and style allowed by nonce only; messages to Peek Pro go to its exact origin, never to "*".
 */

function page(options: { title: string; nonce: string; body: string; script?: string }): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(options.title)}</title>
<style nonce="${options.nonce}">
body{font-family:"IBM Plex Sans",system-ui,sans-serif;color:#1f2933;background:#fff;margin:0;display:grid;place-items:center;min-height:90vh}
main{max-width:28rem;text-align:center;padding:1.5rem}
h1{font-size:1.25rem;margin:0 0 .5rem}
p{color:#52606d;line-height:1.5}
button{font:inherit;border:0;border-radius:.375rem;background:#1f4fd1;color:#fff;padding:.5rem 1rem;cursor:pointer}
.spinner{width:2rem;height:2rem;margin:0 auto 1rem;border:3px solid #d9e2ec;border-top-color:#1f4fd1;border-radius:50%;animation:spin 1s linear infinite}
@keyframes spin{to{transform:rotate(360deg)}}
[hidden]{display:none}
</style>
</head>
<body>
<main>
${options.body}
</main>
${options.script ? `<script nonce="${options.nonce}">${options.script}</script>` : ""}
</body>
</html>`;
}

/** Asks Peek Pro (at its exact origin) to load the app again: it posts a fresh token. */
const askParentToReload = (parentOrigin: string | null) =>
  `function askReload(){var o=${jsonForScript(parentOrigin)};if(o&&window.parent!==window){window.parent.postMessage({type:"peek-iframe-auth-refresh"},o);}else{window.location.reload();}}`;

export const MAX_PENDING_ATTEMPTS = 20;
export const PENDING_RETRY_MS = 3000;

/**
 * The install webhook has not arrived yet: re-post the same Peek token every few seconds until the installation
 * appears, the token expires or the attempts run out; then say so and offer a reload.
 */
export function pendingInstallationPage(input: {
  nonce: string;
  action: string;
  peekToken: string;
  attempt: number;
  tokenExpiresAt: number;
  parentOrigin: string | null;
}): string {
  const canRetry = input.attempt < MAX_PENDING_ATTEMPTS;
  return page({
    title: "Finishing installation…",
    nonce: input.nonce,
    body: `<div id="waiting"${canRetry ? "" : " hidden"}>
<div class="spinner" role="progressbar" aria-label="Loading"></div>
<h1>Finishing installation…</h1>
<p>Peek is still setting the app up for your account. This page will continue by itself.</p>
</div>
<div id="failed"${canRetry ? " hidden" : ""}>
<h1>Installation did not complete</h1>
<p>The app has not received its installation from Peek yet. Reload to try again, or contact support if this persists.</p>
<button type="button" id="reload">Reload</button>
</div>
<form id="retry" method="POST" action="${escapeHtml(input.action)}" hidden>
<input type="hidden" name="peek-auth" value="${escapeHtml(input.peekToken)}">
<input type="hidden" name="attempt" value="${input.attempt + 1}">
</form>`,
    script: `${askParentToReload(input.parentOrigin)}
document.getElementById("reload").addEventListener("click",askReload);
var expiresAt=${input.tokenExpiresAt * 1000},retry=${canRetry ? "true" : "false"};
function fail(){document.getElementById("waiting").hidden=true;document.getElementById("failed").hidden=false;}
if(!retry){fail();}else{setTimeout(function(){if(Date.now()+1000<expiresAt){document.getElementById("retry").submit();}else{fail();}},${PENDING_RETRY_MS});}`,
  });
}

export function notInstalledPage(input: { nonce: string }): string {
  return page({
    title: "This app is not installed",
    nonce: input.nonce,
    body: `<h1>This app is not installed</h1>
<p>It was uninstalled from this Peek account. Install it again from the App Store in Peek Pro to use it.</p>`,
  });
}

/** No usable Peek token: ask Peek Pro for a fresh one right away, and offer a button in case it does not answer. */
export function sessionExpiredPage(input: { nonce: string; parentOrigin: string | null }): string {
  return page({
    title: "Session expired",
    nonce: input.nonce,
    body: `<h1>Session expired</h1>
<p>Your session with this app has expired. Reload the page to continue.</p>
<button type="button" id="reload">Reload</button>`,
    script: `${askParentToReload(input.parentOrigin)}
document.getElementById("reload").addEventListener("click",askReload);
if(window.parent!==window&&${jsonForScript(input.parentOrigin)}){askReload();}`,
  });
}
