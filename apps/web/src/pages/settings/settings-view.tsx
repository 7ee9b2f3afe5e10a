import type { RouterOutputs } from "@kit/api";
import { Badge, Button, Card, CardContent, CardDescription, CardHeader, CardTitle, Skeleton } from "@kit/ui";
import type { ReactNode } from "react";
import { QueryError } from "../../errors/query-error";
import type { MessageId } from "../../i18n/i18n";
import { useT } from "../../i18n/use-t";
import { AppLink } from "../../navigation/navigation";
import { PageHeader } from "../../shell/page-header";

type Me = RouterOutputs["partners"]["me"];
type Activities = RouterOutputs["partners"]["activities"];
type Unavailable = Extract<Activities, { available: false }>;

export interface SettingsViewProps {
  me: Me;
  activities: { status: "pending" } | { status: "error"; error: unknown; retry: () => void } | { status: "success"; data: Activities };
  /** The bookings overview, loaded after the page's first paint. */
  overview?: ReactNode;
  /** Setup, the partner's settings, the audit trail and people: loaded after the page's first paint. */
  installation?: ReactNode;
  /** Portal only: where the user is signed in. */
  sessions?: ReactNode;
}

const INSTALLATION_STATUS: Record<string, MessageId> = {
  installed: "installation.status.installed",
  update_installed: "installation.status.updateInstalled",
  uninstalled: "installation.status.uninstalled",
};

const UNAVAILABLE: Partial<Record<Unavailable["code"], MessageId>> = {
  not_configured: "activities.unavailable.notConfigured",
  rate_limited: "activities.unavailable.rateLimited",
  admin_required: "activities.unavailable.forbidden",
  permission_denied: "activities.unavailable.forbidden",
  pii_disabled: "activities.unavailable.forbidden",
  upstream_error: "activities.unavailable.unreachable",
};

/** The settings page Peek Pro opens: who and for whom, the installation, the activities, the bookings overview. */
export function SettingsView({ me, activities, overview, installation, sessions }: SettingsViewProps) {
  const t = useT();
  const { user, partner } = me;
  const status = partner.installation ? INSTALLATION_STATUS[partner.installation.status] : undefined;
  return (
    <div className="space-y-6">
      <PageHeader
        title={t("settings.title")}
        description={t("settings.welcome", { email: user?.email ?? "—", partner: partner.name })}
        badge={partner.isTest ? <Badge variant="warning">{t("settings.testAccount")}</Badge> : undefined}
        actions={
          <Button asChild>
            <AppLink to="/bookings">{t("settings.viewBookings")}</AppLink>
          </Button>
        }
      />
      {overview}
      {installation}
      <div className="grid gap-4 sm:grid-cols-2">
        <Card>
          <CardHeader>
            <CardTitle>{t("settings.installation")}</CardTitle>
          </CardHeader>
          <CardContent>
            <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
              <dt className="text-muted-foreground">{t("settings.status")}</dt>
              <dd>{status ? t(status) : t("installation.status.unknown")}</dd>
              <dt className="text-muted-foreground">{t("settings.version")}</dt>
              <dd>{partner.installation?.displayVersion ?? "—"}</dd>
            </dl>
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>{t("settings.activities")}</CardTitle>
          </CardHeader>
          <CardContent>
            <ActivitiesList activities={activities} />
          </CardContent>
        </Card>
      </div>
      {sessions}
    </div>
  );
}

function ActivitiesList({ activities }: Pick<SettingsViewProps, "activities">) {
  const t = useT();
  if (activities.status === "pending") {
    return (
      <div role="status" aria-busy="true" aria-label={t("activities.loading")} className="space-y-2">
        <Skeleton className="h-4 w-1/2" />
        <Skeleton className="h-4 w-1/3" />
      </div>
    );
  }
  // The app itself failed to answer (Peek's own failures come back as an answer: available false, with a code).
  if (activities.status === "error") return <QueryError error={activities.error} retry={activities.retry} what={t("activities.what")} />;
  const result = activities.data;
  if (!result.available) return <CardDescription>{t(UNAVAILABLE[result.code] ?? "activities.unavailable.other")}</CardDescription>;
  if (result.activities.length === 0) return <CardDescription>{t("activities.empty")}</CardDescription>;
  return (
    <ul className="list-disc space-y-1 pl-5 text-sm">
      {result.activities.map((activity) => (
        <li key={activity.id}>{activity.name}</li>
      ))}
    </ul>
  );
}
