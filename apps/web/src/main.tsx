import "@fontsource/ibm-plex-sans/latin-400.css";
import "@fontsource/ibm-plex-sans/latin-600.css";
import "./styles.css";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { navigate } from "wouter/use-browser-location";
import { App } from "./app";
import { sessionRefreshLink } from "./embed/auth-link";
import { takeEmbedBootstrap } from "./embed/bootstrap";
import { createHostBridge } from "./embed/host-bridge";
import { framedParentOrigin, readPageConfig } from "./embed/page-config";
import { createSessionRefresh } from "./embed/session-refresh";
import { createSessionStore } from "./embed/session-store";
import { trackVisibleRegion } from "./embed/visible-region";
import { activateLocale, pickLocale, switchLanguage } from "./i18n/i18n";
import { createLeaveGuard, installHistoryGuard } from "./navigation/leave-guard";
import { portalLocale } from "./shell/locale-choice";
import { shownPartner } from "./shell/shown-partner";
import { createApiClient, createQueryClient } from "./trpc";

/**
 * How the page was opened decides everything else:
 * - Peek Pro POSTed its token to /peek-pro/settings: the server put an embed session in the page (`kit-embed-session`).
 * - An app page was loaded inside Peek Pro's frame without one (a reload, a navigation Peek Pro made): the app asks
 *   Peek Pro for a fresh token and exchanges it for a session (the same handshake as a refresh).
 * - Standalone: the partner portal, with its cookie session.
 */
async function start() {
  const config = readPageConfig(document);
  const bootstrap = takeEmbedBootstrap(document);
  const parentOrigin = bootstrap?.parentOrigin ?? framedParentOrigin(window, config.peekOrigins);
  const embedded = bootstrap !== null || parentOrigin !== null;
  const host = createHostBridge(window, parentOrigin);
  const store = createSessionStore(bootstrap);
  let locale = bootstrap?.locale ?? null;
  let languageSet = false;
  const refresh = createSessionRefresh({
    store,
    host,
    onLocale: (value) => {
      // Before the language is first set, this names the one to start in; after, Peek's user changed it: follow.
      if (languageSet && value) void switchLanguage(pickLocale(value));
      locale = value ?? locale;
    },
  });
  host?.reportHeight();
  trackVisibleRegion(document, host);
  if (embedded && !bootstrap) await refresh().catch(() => undefined); // no session: the pages then say so and offer Reload

  await activateLocale(embedded ? pickLocale(locale) : portalLocale(window));
  languageSet = true;
  applyTheme(document);

  const guard = createLeaveGuard();
  installHistoryGuard(window, guard, (url) => navigate(url));
  const queryClient = createQueryClient();
  const trpcClient = createApiClient({
    store,
    links: embedded ? [sessionRefreshLink({ store, refresh })] : [],
    partnerShown: shownPartner.get,
  });

  const container = document.getElementById("root");
  if (!container) throw new Error("#root is missing from index.html");
  createRoot(container).render(
    <StrictMode>
      <App embed={{ embedded, host }} queryClient={queryClient} trpcClient={trpcClient} guard={guard} />
    </StrictMode>,
  );
}

/** Light or dark as the system says (the CSS follows it too, before this runs); kept in step when it changes. */
function applyTheme(doc: Document) {
  const query = window.matchMedia?.("(prefers-color-scheme: dark)");
  const apply = () => {
    doc.documentElement.dataset.theme = query?.matches ? "dark" : "light";
  };
  apply();
  query?.addEventListener?.("change", apply);
}

void start();
