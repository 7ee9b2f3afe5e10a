import { useQuery } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import { useLocation } from "wouter";
import { useT } from "../i18n/use-t";
import { useFocusRequest } from "../navigation/navigation";
import { useTRPC } from "../trpc";

/** The app's name until the server has said it: index.html's title (and the server's default `APP_NAME`). */
export const DEFAULT_APP_NAME = "Peek App Kit";

/**
 * The app's name as the server configures it (`APP_NAME`), once known. The shell fetches it; a page only reads it
 * (`fetch: false`), so that showing a page asks the server nothing more.
 */
export function useAppName({ fetch }: { fetch: boolean }): string | null {
  const trpc = useTRPC();
  const info = useQuery({ ...trpc.partners.portalInfo.queryOptions(), staleTime: Number.POSITIVE_INFINITY, enabled: fetch });
  return info.data?.appName ?? null;
}

/**
 * For the page's only `h1`: names the page in the browser's title ("Bookings · App name"; the app's name alone when
 * `title` is null), and, after an in-app navigation to the page, gives the heading the keyboard's focus so that a
 * screen reader announces where the user landed. Spread the result on the `h1`.
 */
export function usePageHeading(title: string | null) {
  const t = useT();
  const appName = useAppName({ fetch: false }) ?? DEFAULT_APP_NAME;
  const [location] = useLocation();
  const focus = useFocusRequest();
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = title && title !== appName ? t("page.documentTitle", { page: title, app: appName }) : appName;
  }, [t, title, appName]);
  useEffect(() => {
    if (focus?.take(location)) ref.current?.focus();
  }, [focus, location]);
  return { ref, tabIndex: -1 };
}
