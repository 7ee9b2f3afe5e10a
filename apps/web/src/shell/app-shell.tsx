import { cn, useToast } from "@kit/ui";
import { useLingui } from "@lingui/react";
import { type ReactNode, useEffect } from "react";
import { useLocation } from "wouter";
import { useEmbed } from "../embed/embed-context";
import { PartnerTimeZone } from "../format/format-context";
import { activateLocale, type MessageId, pickLocale } from "../i18n/i18n";
import { useT } from "../i18n/use-t";
import { AppLink } from "../navigation/navigation";
import { useAppName } from "./page-title";
import { LanguageSelect, PartnerPicker, SignOutButton } from "./portal-controls";
import { onPartnerChangedElsewhere } from "./shown-partner";
import { useMe } from "./use-me";

interface NavItem {
  to: string;
  label: MessageId;
  /** The paths under which the item is the current one (Peek Pro opens the settings at /peek-pro/settings). */
  matches: RegExp;
}

export const NAV_ITEMS: NavItem[] = [
  { to: "/settings", label: "nav.settings", matches: /^\/(peek-pro\/)?settings\/?$/ },
  { to: "/bookings", label: "nav.bookings", matches: /^\/bookings(\/|$)/ },
  { to: "/demo/records", label: "nav.demo", matches: /^\/demo(\/records)?(\/|$)/ },
  { to: "/demo/components", label: "nav.components", matches: /^\/demo\/components\/?$/ },
];

function MainNav() {
  const t = useT();
  const [location] = useLocation();
  return (
    <nav aria-label={t("nav.main")} className="-mb-px flex gap-1 overflow-x-auto">
      {NAV_ITEMS.map((item) => {
        const current = item.matches.test(location) && !(item.to === "/demo/records" && location.startsWith("/demo/components"));
        return (
          <AppLink
            key={item.to}
            to={item.to}
            aria-current={current ? "page" : undefined}
            className={cn(
              "inline-flex min-h-10 items-center whitespace-nowrap border-b-2 px-3 text-sm font-semibold",
              current ? "border-primary text-foreground" : "border-transparent text-muted-foreground hover:text-foreground",
            )}
          >
            {t(item.label)}
          </AppLink>
        );
      })}
    </nav>
  );
}

/**
 * The frame of every page. Inside Peek Pro: the app's navigation only (Peek Pro has its own chrome around the
 * frame). In the portal: the app's name, the navigation once signed in, the partner (picker when several), the
 * language and sign-out. Signed-out visitors see the landing and sign-in only.
 */
export function AppShell({ children }: { children: ReactNode }) {
  const t = useT();
  const { embedded } = useEmbed();
  const { i18n } = useLingui();
  const me = useMe();
  // The app's name as the server configures it (`APP_NAME`): the portal's header shows it, and every page's title, inside
  // Peek Pro too, ends with it.
  const appName = useAppName({ fetch: true });
  // A partner switch in another tab moved this page to that partner (its calls were refused): say so.
  const toast = useToast();
  // An error notice (it stays until read), in the words a refused action's own notice uses: shown once.
  useEffect(() => onPartnerChangedElsewhere(() => toast(t("portal.partnerChangedElsewhere"), "error")), [toast, t]);
  const platform = me.data?.partner.platform ?? null;
  useEffect(() => {
    // A platform's own wording (ACME's "Submit") on top of the language's, or none: after a switch from an ACME
    // partner to a Peek one, ACME's wording must go.
    if (platform) void activateLocale(pickLocale(i18n.locale), platform);
  }, [platform, i18n.locale]);
  // Signed in while who is signed in is known: a failed background refetch (offline for a moment) keeps the navigation
  // and Sign out; only a session that is gone (UNAUTHORIZED) ends it.
  const signedIn = !!me.data && !me.signedOut;

  return (
    <PartnerTimeZone timeZone={me.data?.partner.timezone ?? null}>
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-card focus:p-2"
      >
        {t("nav.skip")}
      </a>
      <header className="border-b border-border bg-card">
        <div className="mx-auto flex w-full max-w-page flex-col gap-2 px-4 pt-2 sm:px-6">
          {!embedded && (
            <div className="flex flex-wrap items-center justify-between gap-x-4 gap-y-2 py-1">
              <AppLink to={signedIn ? "/settings" : "/"} className="inline-flex min-h-8 items-center font-semibold">
                {appName ?? "\u00a0"}
              </AppLink>
              <div className="flex flex-wrap items-center gap-3">
                {me.data && <PartnerPicker me={me.data} />}
                <LanguageSelect platform={platform} />
                {signedIn ? (
                  <SignOutButton />
                ) : (
                  <AppLink
                    to="/login"
                    className="inline-flex min-h-8 items-center text-sm font-semibold text-primary underline underline-offset-4"
                  >
                    {t("portal.signIn")}
                  </AppLink>
                )}
              </div>
            </div>
          )}
          {(embedded || signedIn) && <MainNav />}
        </div>
      </header>
      <main id="main" tabIndex={-1} className="mx-auto w-full max-w-page px-4 py-6 outline-none sm:px-6">
        {children}
      </main>
    </PartnerTimeZone>
  );
}
