import type { RouterOutputs } from "@kit/api";
import { Card, CardContent, CardDescription, CardHeader, CardTitle, Skeleton } from "@kit/ui";
import { useQuery } from "@tanstack/react-query";
import { describeError } from "../../errors/describe-error";
import { QueryError } from "../../errors/query-error";
import { useFormat } from "../../format/format-context";
import type { MessageId } from "../../i18n/i18n";
import { useT } from "../../i18n/use-t";
import { useTRPC } from "../../trpc";
import { BookingStatusBadge } from "../bookings/booking-status";

type Stats = RouterOutputs["bookings"]["stats"];
type Recent = RouterOutputs["bookings"]["recent"];
type Loaded<T> = { status: "pending" } | { status: "error"; error: unknown; retry: () => void } | { status: "success"; data: T };

const STATS: { key: keyof Stats; label: MessageId }[] = [
  { key: "upcoming", label: "overview.stats.upcoming" },
  { key: "today", label: "overview.stats.today" },
  { key: "canceled", label: "overview.stats.canceled" },
  { key: "guests", label: "overview.stats.guests" },
];

/** The overview's two parts in each of their states (data fetching is in `BookingsOverview`). */
export function BookingsOverviewView({ stats, recent }: { stats: Loaded<Stats>; recent: Loaded<Recent> }) {
  const t = useT();
  const format = useFormat();
  return (
    <section aria-labelledby="overview-title" className="space-y-4">
      <h2 id="overview-title" className="sr-only">
        {t("overview.title")}
      </h2>
      {stats.status === "error" ? (
        <QueryError error={stats.error} retry={stats.retry} what={t("overview.stats.what")} />
      ) : (
        <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4">
          {STATS.map(({ key, label }) => (
            <div key={key} className="rounded-lg border border-border bg-card p-4">
              <dt className="text-sm text-muted-foreground">{t(label)}</dt>
              <dd className="mt-1 text-2xl font-semibold tabular-nums">
                {stats.status === "success" ? format.integer(stats.data[key]) : <Skeleton className="h-8 w-12" />}
              </dd>
            </div>
          ))}
        </dl>
      )}
      <Card>
        <CardHeader>
          <CardTitle>{t("overview.recent.title")}</CardTitle>
          <CardDescription>{t("overview.recent.description")}</CardDescription>
        </CardHeader>
        <CardContent>
          <RecentList recent={recent} />
        </CardContent>
      </Card>
    </section>
  );
}

function RecentList({ recent }: { recent: Loaded<Recent> }) {
  const t = useT();
  const format = useFormat();
  if (recent.status === "pending") {
    return (
      <div role="status" aria-busy="true" aria-label={t("overview.recent.loading")} className="space-y-2">
        <Skeleton className="h-10 w-full" />
        <Skeleton className="h-10 w-full" />
      </div>
    );
  }
  if (recent.status === "error") {
    const { kind } = describeError(recent.error);
    // Not "no bookings": Peek could not be asked, and the operator should know which.
    if (kind === "not_configured") return <p className="text-sm text-muted-foreground">{t("overview.recent.notConfigured")}</p>;
    return <QueryError error={recent.error} retry={recent.retry} what={t("overview.recent.what")} />;
  }
  if (recent.data.source === "unsupported") return <p className="text-sm text-muted-foreground">{t("overview.recent.unsupported")}</p>;
  if (recent.data.items.length === 0) return <p className="text-sm text-muted-foreground">{t("overview.recent.empty")}</p>;
  return (
    <ul className="divide-y divide-border">
      {recent.data.items.map((booking) => (
        <li key={booking.bookingId} className="flex flex-wrap items-start justify-between gap-2 py-2 text-sm">
          <div className="min-w-0">
            <p className="font-semibold">
              {booking.displayId} · {booking.activityName || t("booking.activityUnknown")}
            </p>
            <p className="text-muted-foreground">
              {format.dateTime(booking.startsAt)} · {t("booking.guests", { count: booking.quantity })}
              {booking.guestName ? ` · ${booking.guestName}` : ""}
            </p>
          </div>
          <div className="flex items-center gap-2">
            <span className="tabular-nums">{format.money(booking.total)}</span>
            <BookingStatusBadge booking={booking} />
          </div>
        </li>
      ))}
    </ul>
  );
}

/** The bookings overview on the settings page: four numbers from the app's data and the last week's bookings from Peek. */
export function BookingsOverview() {
  const trpc = useTRPC();
  const stats = useQuery({ ...trpc.bookings.stats.queryOptions() });
  const recent = useQuery({ ...trpc.bookings.recent.queryOptions() });
  const loaded = <T,>(query: {
    isPending: boolean;
    isError: boolean;
    error: unknown;
    data: T | undefined;
    refetch: () => unknown;
  }): Loaded<T> =>
    query.isPending
      ? { status: "pending" }
      : query.isError
        ? { status: "error", error: query.error, retry: () => void query.refetch() }
        : { status: "success", data: query.data as T };
  return <BookingsOverviewView stats={loaded(stats)} recent={loaded(recent)} />;
}
