import en from "virtual:kit-catalog/en";
import type { Locale } from "@kit/peek/locale";
import { i18n, type Messages } from "@lingui/core";
import type englishCatalog from "./catalogs/en.json";

/** Every message id: the keys of the English catalog, checked at compile time wherever a message is used. */
export type MessageId = keyof typeof englishCatalog;
export type MessageValues = Record<string, string | number | Date | null | undefined>;
export type Translate = (id: MessageId, values?: MessageValues) => string;

export { LOCALES, type Locale, pickLocale } from "@kit/peek/locale";

/** English is in the first file (most users, and the fallback); other languages are a chunk each, loaded before render. */
const catalogs: Record<Locale, () => Promise<Messages>> = {
  en: async () => en,
  es: () => import("virtual:kit-catalog/es").then((module) => module.default),
};
/** A platform may word a few things its own way (ACME calls "Save" "Submit", as the original kit did). */
const platformCatalogs: Partial<Record<string, Partial<Record<Locale, () => Promise<Messages>>>>> = {
  acme: {
    en: () => import("virtual:kit-catalog/en-acme").then((module) => module.default),
    es: () => import("virtual:kit-catalog/es-acme").then((module) => module.default),
  },
};

/** The language and platform wording active now: activating them again changes nothing, and re-renders nothing. */
let active = "";
let activeWording = "";

/** Loads and activates a language (and the platform's wording over it, for a platform that has its own). */
export async function activateLocale(locale: Locale, platform?: string | null): Promise<void> {
  const wording = platform && platformCatalogs[platform] ? platform : "";
  if (active === `${locale}:${wording}` && i18n.locale === locale) return;
  const [base, overrides] = await Promise.all([catalogs[locale](), platformCatalogs[wording]?.[locale]?.() ?? {}]);
  i18n.loadAndActivate({ locale, messages: { ...base, ...overrides } });
  active = `${locale}:${wording}`;
  activeWording = wording;
  document.documentElement.lang = locale;
}

/** Changes the language and keeps the platform's wording (Peek names another language on a session refresh). */
export const switchLanguage = (locale: Locale): Promise<void> => activateLocale(locale, activeWording);

/** Translates outside React (and in tests); components use `useT()` so they re-render on a language change. */
export const translate: Translate = (id, values) => i18n._(id, values as Record<string, unknown>);

export { i18n };
