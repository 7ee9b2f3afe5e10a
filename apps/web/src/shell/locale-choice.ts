import { type Locale, pickLocale } from "@kit/peek/locale";

const KEY = "kit-locale";

/** The portal user's language: their choice (kept in this browser), else the browser's language. */
export function portalLocale(win: Window): Locale {
  let chosen: string | null = null;
  try {
    chosen = win.localStorage.getItem(KEY);
  } catch {
    // storage may be blocked: the browser's language it is
  }
  return pickLocale(chosen ?? win.navigator.language);
}

export function rememberLocale(locale: Locale): void {
  try {
    window.localStorage.setItem(KEY, locale);
  } catch {
    // not kept: the choice lasts for this page only
  }
}
