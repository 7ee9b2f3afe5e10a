import { serverTranslator } from "@kit/api";
import { escapeHtml, jsonForScript } from "../../web/html";
import { serverPage } from "../../web/server-page";

/**
 * The small pages the embed landing answers when it cannot open the app yet, in the user's language (Peek's `locale`
 * claim) and the app's look. No bundle: an inline script allowed by nonce only; messages to Peek Pro go to its exact
 * origin, never to "*".
 */
export interface PageContext {
  nonce: string;
  locale: string | null;
  stylesheetHref: string | null;
  appName: string;
}

const render = (context: PageContext, lang: string, title: string, body: string, script?: string) =>
  serverPage({
    title,
    lang,
    nonce: context.nonce,
    stylesheetHref: context.stylesheetHref,
    layout: "centered",
    body,
    ...(script ? { script } : {}),
  });

/** Asks Peek Pro (at its exact origin) to load the app again: it posts a fresh token. */
const askParentToReload = (parentOrigin: string | null) =>
  `function askReload(){var o=${jsonForScript(parentOrigin)};if(o&&window.parent!==window){window.parent.postMessage({type:"peek-iframe-auth-refresh"},o);}else{window.location.reload();}}`;

export const MAX_PENDING_ATTEMPTS = 20;
export const PENDING_RETRY_MS = 3000;

/**
 * The install webhook has not arrived yet: re-post the same Peek token every few seconds until the installation
 * appears, the token expires or the attempts run out; then say so and offer a reload.
 */
export async function pendingInstallationPage(
  context: PageContext,
  input: { action: string; peekToken: string; attempt: number; tokenExpiresAt: number; parentOrigin: string | null },
): Promise<string> {
  const { locale, t } = await serverTranslator(context.locale);
  const canRetry = input.attempt < MAX_PENDING_ATTEMPTS;
  return render(
    context,
    locale,
    t("page.pending.title"),
    `<div id="waiting"${canRetry ? "" : " hidden"}>
<div class="kit-spinner" role="progressbar" aria-label="${escapeHtml(t("page.loading"))}"></div>
<h1>${escapeHtml(t("page.pending.title"))}</h1>
<p>${escapeHtml(t("page.pending.body"))}</p>
</div>
<div id="failed"${canRetry ? " hidden" : ""}>
<h1>${escapeHtml(t("page.pendingFailed.title"))}</h1>
<p>${escapeHtml(t("page.pendingFailed.body"))}</p>
<button type="button" class="kit-button" id="reload">${escapeHtml(t("page.reload"))}</button>
</div>
<form id="retry" method="POST" action="${escapeHtml(input.action)}" hidden>
<input type="hidden" name="peek-auth" value="${escapeHtml(input.peekToken)}">
<input type="hidden" name="attempt" value="${input.attempt + 1}">
${input.parentOrigin ? `<input type="hidden" name="parent-origin" value="${escapeHtml(input.parentOrigin)}">\n` : ""}</form>`,
    `${askParentToReload(input.parentOrigin)}
document.getElementById("reload").addEventListener("click",askReload);
var expiresAt=${input.tokenExpiresAt * 1000},retry=${canRetry ? "true" : "false"};
function fail(){document.getElementById("waiting").hidden=true;document.getElementById("failed").hidden=false;}
if(!retry){fail();}else{setTimeout(function(){if(Date.now()+1000<expiresAt){document.getElementById("retry").submit();}else{fail();}},${PENDING_RETRY_MS});}`,
  );
}

/** Uninstalled (or never installed) for this account: what to do about it. */
export async function notInstalledPage(context: PageContext): Promise<string> {
  const { locale, t } = await serverTranslator(context.locale);
  const appName = context.appName;
  return render(
    context,
    locale,
    t("page.notInstalled.title"),
    `<h1>${escapeHtml(t("page.notInstalled.title"))}</h1>
<p>${escapeHtml(t("page.notInstalled.body", { appName }))}</p>
<p>${escapeHtml(t("page.notInstalled.howTo", { appName }))}</p>`,
  );
}

/** A landing outside a frame (a page of its own): the app opens inside Peek Pro only. */
export async function openFromPeekPage(context: PageContext): Promise<string> {
  const { locale, t } = await serverTranslator(context.locale);
  const appName = context.appName;
  return render(
    context,
    locale,
    t("page.openFromPeek.title", { appName }),
    `<h1>${escapeHtml(t("page.openFromPeek.title", { appName }))}</h1>
<p>${escapeHtml(t("page.openFromPeek.body", { appName }))}</p>`,
  );
}

/** No usable Peek token: ask Peek Pro for a fresh one right away, and offer a button in case it does not answer. */
export async function sessionExpiredPage(context: PageContext, input: { parentOrigin: string | null }): Promise<string> {
  const { locale, t } = await serverTranslator(context.locale);
  return render(
    context,
    locale,
    t("page.sessionExpired.title"),
    `<h1>${escapeHtml(t("page.sessionExpired.title"))}</h1>
<p>${escapeHtml(t("page.sessionExpired.body"))}</p>
<button type="button" class="kit-button" id="reload">${escapeHtml(t("page.reload"))}</button>`,
    `${askParentToReload(input.parentOrigin)}
document.getElementById("reload").addEventListener("click",askReload);
if(window.parent!==window&&${jsonForScript(input.parentOrigin)}){askReload();}`,
  );
}
