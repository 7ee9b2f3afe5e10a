import type { RouterOutputs } from "@kit/api";
import { Button, Card, CardContent, CardDescription, CardHeader, CardTitle, Skeleton, useToast } from "@kit/ui";
import { useLingui } from "@lingui/react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRef } from "react";
import { actionErrorMessage, QueryError } from "../../errors/query-error";
import { browserTimeZone, createFormatters } from "../../format/format";
import { pickLocale } from "../../i18n/i18n";
import { useT } from "../../i18n/use-t";
import { useTRPC } from "../../trpc";
import { deviceLabel } from "./device-label";

type Session = RouterOutputs["partners"]["sessions"][number];

/** This device, other browsers, inside Peek Pro: the three places a user can be signed in. */
export function groupSessions(sessions: Session[]) {
  return {
    current: sessions.filter((s) => s.current),
    browsers: sessions.filter((s) => !s.current && s.kind !== "embed"),
    embedded: sessions.filter((s) => !s.current && s.kind === "embed"),
  };
}

/**
 * Portal only: where the user is signed in, with "sign out everywhere else" and a revoke per session. Each says what it
 * ended, and the focus moves to the card's heading (the row, or the button, it was on goes away or turns unavailable).
 */
export function PortalSessions() {
  const t = useT();
  const trpc = useTRPC();
  const toast = useToast();
  const queryClient = useQueryClient();
  const { i18n } = useLingui();
  // Last activity is the user's own, on their clock (not the partner's).
  const format = createFormatters(pickLocale(i18n.locale), browserTimeZone());
  const sessions = useQuery({ ...trpc.partners.sessions.queryOptions() });
  const heading = useRef<HTMLHeadingElement>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.partners.sessions.queryKey() });
  const onError = (error: unknown) => toast(actionErrorMessage(error, t), "error");
  const sessionLabel = (session: Session) => (session.kind === "embed" ? t("sessions.peekPro") : deviceLabel(session.userAgent, t));
  const revoke = useMutation(
    trpc.partners.revokeSession.mutationOptions({
      onSuccess: (_, { id }) => {
        const session = sessions.data?.find((s) => s.id === id);
        toast(t("sessions.revoked", { device: session ? sessionLabel(session) : t("sessions.unknownBrowser") }));
        heading.current?.focus();
        return refresh();
      },
      onError,
    }),
  );
  const others = useMutation(
    trpc.partners.logoutOthers.mutationOptions({
      onSuccess: ({ signedOut }) => {
        toast(t("sessions.signedOutOthers", { count: signedOut }));
        heading.current?.focus();
        return refresh();
      },
      onError,
    }),
  );

  const row = (session: Session, label: string) => (
    <li key={session.id} className="flex flex-wrap items-center justify-between gap-3 py-2">
      <span>
        {label}
        <span className="block text-muted-foreground">{t("sessions.lastSeen", { when: format.relative(session.lastSeenAt) })}</span>
      </span>
      {!session.current && (
        <Button variant="outline" size="sm" disabled={revoke.isPending} onClick={() => revoke.mutate({ id: session.id })}>
          {t("sessions.revoke")}
        </Button>
      )}
    </li>
  );
  const groups = sessions.data ? groupSessions(sessions.data) : null;
  return (
    <Card>
      <CardHeader>
        <CardTitle ref={heading} tabIndex={-1} className="outline-none">
          {t("sessions.title")}
        </CardTitle>
        <CardDescription>{t("sessions.description")}</CardDescription>
      </CardHeader>
      <CardContent className="space-y-4 text-sm">
        {sessions.isPending && (
          <div role="status" aria-busy="true" aria-label={t("sessions.loading")} className="space-y-2">
            <Skeleton className="h-4 w-full" />
            <Skeleton className="h-4 w-2/3" />
          </div>
        )}
        {sessions.isError && <QueryError error={sessions.error} retry={() => void sessions.refetch()} what={t("sessions.what")} />}
        {groups && (
          <>
            {(
              [
                ["sessions.thisDevice", groups.current, (s: Session) => deviceLabel(s.userAgent, t)],
                ["sessions.otherBrowsers", groups.browsers, sessionLabel],
                ["sessions.insidePeek", groups.embedded, sessionLabel],
              ] as const
            ).map(([title, list, label]) => (
              <section key={title} aria-label={t(title)}>
                <h3 className="font-semibold">{t(title)}</h3>
                {list.length === 0 ? (
                  <p className="text-muted-foreground">{t("sessions.none")}</p>
                ) : (
                  <ul className="divide-y divide-border">{list.map((s) => row(s, label(s)))}</ul>
                )}
              </section>
            ))}
            <Button
              variant="destructive"
              disabled={others.isPending || groups.browsers.length + groups.embedded.length === 0}
              onClick={() => others.mutate()}
            >
              {t("sessions.signOutOthers")}
            </Button>
          </>
        )}
      </CardContent>
    </Card>
  );
}
