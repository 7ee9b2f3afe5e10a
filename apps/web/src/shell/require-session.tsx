import { Button, Card, CardContent, Skeleton } from "@kit/ui";
import { type ReactNode, useEffect } from "react";
import { useLocation, useSearch } from "wouter";
import { useEmbed } from "../embed/embed-context";
import { QueryError } from "../errors/query-error";
import { useT } from "../i18n/use-t";
import { useAppNavigate } from "../navigation/navigation";
import { usePageHeading } from "./page-title";
import { useMe } from "./use-me";

/** The page's layout while its data loads: the same blocks as the page, so nothing jumps when it arrives. */
export function PageSkeleton({ label }: { label?: string }) {
  const t = useT();
  return (
    <div role="status" aria-busy="true" aria-label={label ?? t("state.loading")} className="space-y-4">
      <Skeleton className="h-8 w-1/2" />
      <Skeleton className="h-28 w-full" />
      <Skeleton className="h-40 w-full" />
    </div>
  );
}

/** Inside Peek Pro with no session left: Peek Pro opens the app again with a fresh token. */
export function SessionExpired() {
  const t = useT();
  const { host } = useEmbed();
  const heading = usePageHeading(t("session.expired.title"));
  return (
    <Card>
      <CardContent className="space-y-3 pt-5">
        <h1 {...heading} className="text-xl font-semibold outline-none">
          {t("session.expired.title")}
        </h1>
        <p className="text-muted-foreground">{t("session.expired.body")}</p>
        <Button onClick={() => (host ? host.askReload() : window.location.reload())}>{t("action.reload")}</Button>
      </CardContent>
    </Card>
  );
}

/**
 * Pages that need a partner: inside Peek Pro the session came with the page (or from Peek's token handshake); in the
 * portal a signed-out visitor goes to the sign-in page and comes back here after.
 */
export function RequireSession({ children }: { children: ReactNode }) {
  const { embedded } = useEmbed();
  const me = useMe();
  const [location] = useLocation();
  const search = useSearch();
  const navigate = useAppNavigate();
  const t = useT();
  const toLogin = !embedded && me.signedOut;
  useEffect(() => {
    if (toLogin) navigate(`/login?returnTo=${encodeURIComponent(location + (search ? `?${search}` : ""))}`, { replace: true });
  }, [toLogin, navigate, location, search]);
  if (me.isPending || toLogin) return <PageSkeleton />;
  if (me.signedOut) return <SessionExpired />;
  // A failed background refetch (offline for a moment) keeps the page and what was typed in it: who is signed in is
  // still known. Only a first load that failed has nothing to show.
  if (me.isError && !me.data) return <QueryError error={me.error} retry={() => void me.refetch()} what={t("session.what")} />;
  return <>{children}</>;
}
