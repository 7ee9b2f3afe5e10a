import { Button, Card, CardContent, CardDescription, CardHeader, CardTitle } from "@kit/ui";
import { useQuery } from "@tanstack/react-query";
import { useEffect } from "react";
import { useT } from "../../i18n/use-t";
import { AppLink, useAppNavigate } from "../../navigation/navigation";
import { usePageHeading } from "../../shell/page-title";
import { useMe } from "../../shell/use-me";
import { useTRPC } from "../../trpc";
import { SystemStatus } from "./system-status";

/** The public landing: what the app is, how to install it (or why that is not possible here), and sign-in. */
export function HomePage() {
  const t = useT();
  const trpc = useTRPC();
  const navigate = useAppNavigate();
  const info = useQuery(trpc.partners.portalInfo.queryOptions());
  const status = useQuery(trpc.health.status.queryOptions());
  const me = useMe();
  useEffect(() => {
    if (me.isSuccess) navigate("/settings", { replace: true });
  }, [me.isSuccess, navigate]);

  const appName = info.data?.appName ?? "";
  const heading = usePageHeading(null); // the app's name is the page's
  return (
    <div className="space-y-6">
      <header className="space-y-2">
        <h1 {...heading} className="text-3xl font-semibold outline-none">
          {appName || t("home.fallbackName")}
        </h1>
        <p className="text-lg text-muted-foreground">{t("home.tagline")}</p>
      </header>
      <div className="grid gap-4 sm:grid-cols-2">
        <Card>
          <CardHeader>
            <CardTitle>{t("home.install.title")}</CardTitle>
            <CardDescription>{t("home.install.body")}</CardDescription>
          </CardHeader>
          <CardContent className="space-y-2">
            {info.data?.embeddedAppUrl ? (
              <Button asChild>
                <a href={info.data.embeddedAppUrl} target="_top" rel="noopener" data-external="">
                  {t("home.install.action")}
                </a>
              </Button>
            ) : (
              <>
                <Button disabled aria-describedby="install-unavailable">
                  {t("home.install.action")}
                </Button>
                <p id="install-unavailable" className="text-sm text-muted-foreground">
                  {t("home.install.unavailable")}
                </p>
              </>
            )}
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>{t("home.signIn.title")}</CardTitle>
            <CardDescription>{t("home.signIn.body")}</CardDescription>
          </CardHeader>
          <CardContent>
            <Button asChild variant="outline">
              <AppLink to="/login">{t("portal.signIn")}</AppLink>
            </Button>
          </CardContent>
        </Card>
      </div>
      <SystemStatus status={status.data} error={status.isError} />
    </div>
  );
}
