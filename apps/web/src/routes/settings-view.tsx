import type { RouterOutputs } from "@kit/api";
import { Alert, AlertTitle, Badge, Button, Card, CardContent, CardDescription, CardHeader, CardTitle, Skeleton } from "@kit/ui";
import type { Translate } from "../i18n/messages";

type Me = RouterOutputs["partners"]["me"];
type Activities = RouterOutputs["partners"]["activities"];

export interface SettingsViewProps {
  me: { status: "pending" } | { status: "error"; unauthorized: boolean; retry: () => void } | { status: "success"; data: Me };
  activities: { status: "pending" } | { status: "error" } | { status: "success"; data: Activities };
  t: Translate;
}

/** The settings page in each of its states; data fetching lives in the route, so every state is easy to test. */
export function SettingsView({ me, activities, t }: SettingsViewProps) {
  if (me.status === "pending") {
    return (
      <div role="status" aria-busy="true" aria-label="Loading settings" className="space-y-3">
        <Skeleton className="h-6 w-2/3" />
        <Skeleton className="h-24 w-full" />
        <Skeleton className="h-32 w-full" />
      </div>
    );
  }
  if (me.status === "error") {
    return (
      <Alert variant={me.unauthorized ? "info" : "destructive"}>
        <AlertTitle>{me.unauthorized ? t("notSignedIn") : t("loadError")}</AlertTitle>
        {me.unauthorized && (
          <a href="/login" className="text-sm underline">
            {t("signIn")}
          </a>
        )}
        {!me.unauthorized && (
          <Button variant="outline" size="sm" className="mt-2" onClick={me.retry}>
            {t("retry")}
          </Button>
        )}
      </Alert>
    );
  }
  const { user, partner } = me.data;
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-2">
        <h1 className="text-lg font-semibold">{t("welcome", { email: user?.email ?? "—", partner: partner.name })}</h1>
        {partner.isTest && <Badge variant="warning">{t("testAccount")}</Badge>}
      </div>
      <Card>
        <CardHeader>
          <CardTitle>{t("installation")}</CardTitle>
        </CardHeader>
        <CardContent>
          <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
            <dt className="text-muted-foreground">{t("status")}</dt>
            <dd>{partner.installation?.status ?? "—"}</dd>
            <dt className="text-muted-foreground">{t("version")}</dt>
            <dd>{partner.installation?.displayVersion ?? "—"}</dd>
          </dl>
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>{t("activities")}</CardTitle>
        </CardHeader>
        <CardContent>
          <ActivitiesList activities={activities} t={t} />
        </CardContent>
      </Card>
      <Button asChild variant="link" className="px-0">
        <a href="/demo">{t("openDemo")}</a>
      </Button>
    </div>
  );
}

function ActivitiesList({ activities, t }: Pick<SettingsViewProps, "activities" | "t">) {
  if (activities.status === "pending") {
    return (
      <div role="status" aria-busy="true" aria-label="Loading activities" className="space-y-2">
        <Skeleton className="h-4 w-1/2" />
        <Skeleton className="h-4 w-1/3" />
      </div>
    );
  }
  if (activities.status === "error")
    return <CardDescription>{t("activitiesUnavailable", { reason: "the request failed" })}</CardDescription>;
  const result = activities.data;
  if (!result.available) return <CardDescription>{t("activitiesUnavailable", { reason: result.reason })}</CardDescription>;
  if (result.activities.length === 0) return <CardDescription>{t("noActivities")}</CardDescription>;
  return (
    <ul className="list-disc space-y-1 pl-5 text-sm">
      {result.activities.map((activity) => (
        <li key={activity.id}>{activity.name}</li>
      ))}
    </ul>
  );
}
