import type { RouterOutputs } from "@kit/api";
import { Button, NativeSelect, useToast } from "@kit/ui";
import { useLingui } from "@lingui/react";
import { hashKey, useMutation, useQueryClient } from "@tanstack/react-query";
import { actionErrorMessage } from "../errors/query-error";
import { activateLocale, LOCALES, type Locale, pickLocale } from "../i18n/i18n";
import { useT } from "../i18n/use-t";
import { useGuardedAction } from "../navigation/navigation";
import { useTRPC } from "../trpc";
import { rememberLocale } from "./locale-choice";
import { shownPartner } from "./shown-partner";

type Me = RouterOutputs["partners"]["me"];

/** The portal's language switcher (inside Peek Pro the language is the user's Peek language). */
export function LanguageSelect({ platform }: { platform: string | null }) {
  const t = useT();
  const { i18n } = useLingui();
  const names: Record<Locale, string> = { en: "English", es: "Español" };
  return (
    <div className="flex items-center gap-2 text-sm">
      <label htmlFor="kit-language" className="text-muted-foreground">
        {t("portal.language")}
      </label>
      <NativeSelect
        id="kit-language"
        className="h-8 w-auto"
        value={pickLocale(i18n.locale)}
        onChange={(event) => {
          const locale = pickLocale(event.target.value);
          rememberLocale(locale);
          void activateLocale(locale, platform);
        }}
      >
        {LOCALES.map((locale) => (
          <option key={locale} value={locale} lang={locale}>
            {names[locale]}
          </option>
        ))}
      </NativeSelect>
    </div>
  );
}

/** Which partner the portal acts for (a user may work for several) — labelled, in the header. */
export function PartnerPicker({ me }: { me: Me }) {
  const t = useT();
  const trpc = useTRPC();
  const toast = useToast();
  const queryClient = useQueryClient();
  const guarded = useGuardedAction();
  const switchPartner = useMutation(
    trpc.partners.switchPartner.mutationOptions({
      // Everything cached belongs to the previous partner: drop it, so pages show a loading state (never one
      // partner's data under another's name) and refetch for the new one. Who is signed in is only refetched: the
      // header (and this picker, which has the focus) stays on screen meanwhile.
      onSuccess: async (_data, input) => {
        shownPartner.set(input.partnerId); // what this page shows from now on
        const me = trpc.partners.me.queryKey();
        await Promise.all([
          queryClient.resetQueries({ predicate: (query) => query.queryHash !== hashKey(me) }),
          queryClient.invalidateQueries({ queryKey: me, exact: true }),
        ]);
      },
      onError: (error) => toast(actionErrorMessage(error, t), "error"),
    }),
  );
  if (me.partners.length < 2) {
    return (
      <p className="text-sm">
        <span className="text-muted-foreground">{t("portal.partner")}</span> <span className="font-semibold">{me.partner.name}</span>
      </p>
    );
  }
  return (
    <div className="flex items-center gap-2 text-sm">
      <label htmlFor="kit-partner" className="text-muted-foreground">
        {t("portal.partner")}
      </label>
      <NativeSelect
        id="kit-partner"
        className="h-8 w-auto max-w-48"
        value={me.partner.id}
        disabled={switchPartner.isPending}
        onChange={(event) => {
          const partnerId = event.target.value;
          // The page's unsaved changes belong to the current partner: ask first, as a link does.
          guarded(() => switchPartner.mutate({ partnerId }));
        }}
      >
        {me.partners.map((partner) => (
          <option key={partner.id} value={partner.id}>
            {partner.name}
          </option>
        ))}
      </NativeSelect>
    </div>
  );
}

/** Signs out of this browser; the next page is the sign-in page, loaded afresh (nothing of the session stays in memory). */
export function SignOutButton() {
  const t = useT();
  const trpc = useTRPC();
  const toast = useToast();
  const logout = useMutation(
    trpc.partners.logout.mutationOptions({
      onSuccess: () => window.location.assign("/login"),
      onError: (error) => toast(actionErrorMessage(error, t), "error"),
    }),
  );
  return (
    <Button variant="outline" size="sm" disabled={logout.isPending} onClick={() => logout.mutate()}>
      {t("portal.signOut")}
    </Button>
  );
}
