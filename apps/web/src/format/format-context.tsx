import { pickLocale } from "@kit/peek/locale";
import { useLingui } from "@lingui/react";
import { createContext, type ReactNode, useContext, useMemo } from "react";
import { browserTimeZone, createFormatters, type Formatters } from "./format";

const TimeZoneContext = createContext<string | null>(null);

/** The partner's time zone for everything below (their bookings happen on their wall clock). */
export function PartnerTimeZone({ timeZone, children }: { timeZone: string | null; children: ReactNode }) {
  return <TimeZoneContext.Provider value={timeZone}>{children}</TimeZoneContext.Provider>;
}

/** Formatters in the active language and the partner's time zone (the browser's until the partner is known). */
export function useFormat(): Formatters {
  const { i18n } = useLingui();
  const timeZone = useContext(TimeZoneContext) ?? browserTimeZone();
  const locale = pickLocale(i18n.locale);
  return useMemo(() => createFormatters(locale, timeZone), [locale, timeZone]);
}
