import { type Locale, pickLocale } from "@kit/peek/locale";
import { type I18n, type Messages, setupI18n } from "@lingui/core";
import { compileMessage } from "@lingui/message-utils/compileMessage";
import { en, type ServerMessageId } from "./en";
import { es } from "./es";

export type { ServerMessageId };
export type ServerTranslate = (id: ServerMessageId, values?: Record<string, string | number>) => string;

const compile = (catalog: Record<string, string>): Messages =>
  Object.fromEntries(Object.entries(catalog).map(([id, message]) => [id, compileMessage(message)]));

let instance: I18n | null = null;
/** One Lingui instance with both catalogs compiled once (a message that does not parse fails the first use loudly). */
function i18nInstance(): I18n {
  instance ??= setupI18n({ messages: { en: compile(en), es: compile(es) }, locale: "en" });
  return instance;
}

/** The server's translator for a requested language (`es-MX` → Spanish; unknown → English). */
export function serverTranslator(requested: string | null | undefined): { locale: Locale; t: ServerTranslate } {
  const locale = pickLocale(requested);
  const i18n = i18nInstance();
  return {
    locale,
    t: (id, values) => {
      if (i18n.locale !== locale) i18n.activate(locale);
      return i18n._(id, values);
    },
  };
}
