import { isAllowedOrigin } from "@kit/peek/origins";

/** What the server tells every page (public): the origins Peek Pro runs on, which may frame the app. */
export interface PageConfig {
  peekOrigins: string[];
}

export const CONFIG_ELEMENT_ID = "kit-config";

export function readPageConfig(doc: Document): PageConfig {
  try {
    const value = JSON.parse(doc.getElementById(CONFIG_ELEMENT_ID)?.textContent ?? "{}") as Partial<PageConfig>;
    return { peekOrigins: Array.isArray(value.peekOrigins) ? value.peekOrigins.filter((o) => typeof o === "string") : [] };
  } catch {
    return { peekOrigins: [] };
  }
}

/**
 * Who frames this page, when it was loaded without an embed session (a reload or a full navigation inside Peek Pro):
 * the nearest ancestor's origin (or the referrer's), and only if Peek Pro may be there. Null when not framed.
 */
export function framedParentOrigin(win: Window, allowed: readonly string[]): string | null {
  if (win.parent === win) return null;
  const referrer = win.document.referrer && URL.canParse(win.document.referrer) ? new URL(win.document.referrer).origin : null;
  const candidates = [win.location.ancestorOrigins?.[0], referrer];
  return candidates.find((origin): origin is string => !!origin && isAllowedOrigin(origin, allowed)) ?? null;
}
