/**
 * The languages the kit's pages, messages and mails are written in. Peek tells the user's language in the token's
 * `locale` claim (`en`, `es-MX`…); the portal goes by the browser's language or the user's choice.
 */
export const LOCALES = ["en", "es"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "en";

/** `es-MX` → `es`; a language the kit has no messages for → English. */
export function pickLocale(requested: string | null | undefined): Locale {
  const language = requested?.toLowerCase().split(/[-_]/)[0] ?? "";
  return (LOCALES as readonly string[]).includes(language) ? (language as Locale) : DEFAULT_LOCALE;
}

/** The first language of an `Accept-Language` header the kit speaks (weights honoured), else English. */
export function localeFromAcceptLanguage(header: string | null | undefined): Locale {
  const ranked = (header ?? "")
    .slice(0, 500)
    .split(",")
    .map((part, index) => {
      const [tag = "", ...params] = part.trim().split(";");
      const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
      const weight = q ? Number(q.slice(2)) : 1;
      return { tag: tag.trim(), weight: Number.isFinite(weight) ? weight : 0, index };
    })
    .filter((entry) => entry.tag && entry.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.index - b.index);
  const match = ranked.find((entry) => (LOCALES as readonly string[]).includes(entry.tag.toLowerCase().split("-")[0] ?? ""));
  return match ? pickLocale(match.tag) : DEFAULT_LOCALE;
}
