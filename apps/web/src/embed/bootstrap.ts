/** The embed session the server placed in the page (`POST /peek-pro/settings`), read once and then only kept in memory. */
export interface EmbedBootstrap {
  token: string;
  expiresAt: string;
  parentOrigin: string | null;
  locale: string | null;
}

export const BOOTSTRAP_ELEMENT_ID = "kit-embed-session";

function isBootstrap(value: unknown): value is EmbedBootstrap {
  const v = value as Partial<EmbedBootstrap> | null;
  return (
    !!v &&
    typeof v.token === "string" &&
    typeof v.expiresAt === "string" &&
    !Number.isNaN(Date.parse(v.expiresAt)) &&
    (v.parentOrigin === null || typeof v.parentOrigin === "string") &&
    (v.locale === null || v.locale === undefined || typeof v.locale === "string")
  );
}

/** Reads the bootstrap element and removes it from the document, so the token is not left in the DOM. */
export function takeEmbedBootstrap(doc: Document): EmbedBootstrap | null {
  const element = doc.getElementById(BOOTSTRAP_ELEMENT_ID);
  if (!element) return null;
  element.remove();
  try {
    const value: unknown = JSON.parse(element.textContent ?? "");
    return isBootstrap(value) ? { ...value, locale: value.locale ?? null } : null;
  } catch {
    return null;
  }
}
