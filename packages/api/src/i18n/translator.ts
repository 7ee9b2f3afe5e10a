import type { Locale } from "@kit/peek/locale";
import type { ServerTranslate } from "./server-i18n";

/**
 * The server's translator for a requested language (`es-MX` → Spanish; unknown → English), loading Lingui's runtime,
 * its message parser and the catalogs on first use: only the embed's fallback pages and the sign-in mail need them,
 * and evaluating them cost every start about 5 ms (`pnpm bench:boot`).
 */
export async function serverTranslator(requested: string | null | undefined): Promise<{ locale: Locale; t: ServerTranslate }> {
  const { serverTranslator: translator } = await import("./server-i18n");
  return translator(requested);
}
