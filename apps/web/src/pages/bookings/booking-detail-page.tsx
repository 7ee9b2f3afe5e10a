import type { RouterOutputs } from "@kit/api";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@kit/ui";
import { useQuery } from "@tanstack/react-query";
import { useParams } from "wouter";
import { QueryError } from "../../errors/query-error";
import { useFormat } from "../../format/format-context";
import type { MessageId } from "../../i18n/i18n";
import { useT } from "../../i18n/use-t";
import { PageHeader } from "../../shell/page-header";
import { PageSkeleton } from "../../shell/require-session";
import { useTRPC } from "../../trpc";
import { BookingStatusBadge } from "./booking-status";

type Booking = RouterOutputs["bookings"]["byId"];

const EVENTS: Record<Booking["timeline"][number]["event"], MessageId> = {
  created: "booking.event.created",
  updated: "booking.event.updated",
  canceled: "booking.event.canceled",
};

/** One booking: its details on the partner's clock, its timeline (newest first) and the waivers signed for it. */
export function BookingDetailView({ booking }: { booking: Booking }) {
  const t = useT();
  const format = useFormat();
  const yesNo = (value: boolean) => t(value ? "common.yes" : "common.no");
  const rows: [MessageId, string][] = [
    ["booking.field.activity", booking.activityName || t("booking.activityUnknown")],
    ["booking.field.starts", format.dateTime(booking.startsAt)],
    ["booking.field.guest", booking.guestName ?? t("booking.guestHidden")],
    ["booking.field.quantity", format.integer(booking.quantity)],
    ["booking.field.total", format.money(booking.total)],
    ["booking.field.checkedIn", yesNo(booking.checkedIn)],
    ["booking.field.noShow", yesNo(booking.noShow)],
    ["booking.field.updated", format.dateTime(booking.updatedAt)],
  ];
  return (
    <div className="space-y-6">
      <PageHeader
        title={booking.displayId}
        crumbs={[{ label: t("bookings.title"), to: "/bookings" }]}
        badge={<BookingStatusBadge booking={booking} />}
        description={t("booking.timezoneNote", { zone: booking.timezone })}
      />
      <Card>
        <CardHeader>
          <CardTitle>{t("booking.details")}</CardTitle>
        </CardHeader>
        <CardContent>
          <dl className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-[auto_1fr]">
            {rows.map(([label, value]) => (
              <div key={label} className="contents">
                <dt className="text-muted-foreground">{t(label)}</dt>
                <dd className="break-words">{value}</dd>
              </div>
            ))}
          </dl>
        </CardContent>
      </Card>
      <div className="grid gap-4 sm:grid-cols-2">
        <Card>
          <CardHeader>
            <CardTitle>{t("booking.timeline")}</CardTitle>
          </CardHeader>
          <CardContent>
            {booking.timeline.length === 0 ? (
              <CardDescription>{t("booking.timelineEmpty")}</CardDescription>
            ) : (
              <ol className="space-y-3 border-l-2 border-border pl-4 text-sm">
                {booking.timeline.map((event) => (
                  <li key={`${event.event}-${event.eventAt.toISOString()}-${event.receivedAt.toISOString()}`}>
                    <p className="font-semibold">{t(EVENTS[event.event])}</p>
                    <p className="text-muted-foreground">
                      <time dateTime={event.eventAt.toISOString()}>{format.dateTime(event.eventAt)}</time>
                    </p>
                    <p>
                      {t("booking.guests", { count: event.quantity })} · {format.money(event.total)} · {format.dateTime(event.startsAt)}
                    </p>
                  </li>
                ))}
              </ol>
            )}
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>{t("booking.waivers")}</CardTitle>
          </CardHeader>
          <CardContent>
            {booking.waivers.length === 0 ? (
              <CardDescription>{t("booking.waiversEmpty")}</CardDescription>
            ) : (
              <ul className="space-y-3 text-sm">
                {booking.waivers.map((waiver) => (
                  <li key={`${waiver.templateId}-${waiver.signedAt.toISOString()}`} className="rounded-md border border-border p-3">
                    <p className="font-semibold">{waiver.participantName ?? t("waiver.participantHidden")}</p>
                    <p className="text-muted-foreground">{t("waiver.signedAt", { when: format.dateTime(waiver.signedAt) })}</p>
                    <dl className="mt-1 grid grid-cols-[auto_1fr] gap-x-3">
                      <dt className="text-muted-foreground">{t("waiver.guardian")}</dt>
                      <dd>{yesNo(waiver.signedByGuardian)}</dd>
                      <dt className="text-muted-foreground">{t("waiver.optinMarketing")}</dt>
                      <dd>{yesNo(waiver.optinMarketing)}</dd>
                      <dt className="text-muted-foreground">{t("waiver.optinSms")}</dt>
                      <dd>{yesNo(waiver.optinSms)}</dd>
                      <dt className="text-muted-foreground">{t("waiver.template")}</dt>
                      <dd className="break-all">{waiver.templateId}</dd>
                    </dl>
                  </li>
                ))}
              </ul>
            )}
          </CardContent>
        </Card>
      </div>
    </div>
  );
}

/** A path segment as the user meant it (a malformed escape stays as typed: the server then says it is not a booking id). */
const safeDecode = (segment: string) => {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
};

export function BookingDetailPage() {
  const trpc = useTRPC();
  const t = useT();
  const { bookingId = "" } = useParams<{ bookingId: string }>();
  const booking = useQuery({ ...trpc.bookings.byId.queryOptions({ bookingId: safeDecode(bookingId) }) });
  if (booking.isPending) return <PageSkeleton label={t("booking.loading")} />;
  if (booking.isError) {
    return (
      <div className="space-y-4">
        <PageHeader title={t("booking.title")} crumbs={[{ label: t("bookings.title"), to: "/bookings" }]} />
        <QueryError error={booking.error} retry={() => void booking.refetch()} what={t("booking.what")} />
      </div>
    );
  }
  return <BookingDetailView booking={booking.data} />;
}
