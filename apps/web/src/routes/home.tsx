import { Button, Card, CardContent, CardDescription, CardHeader, CardTitle } from "@kit/ui";
import { useQuery } from "@tanstack/react-query";
import { Link, useNavigate } from "@tanstack/react-router";
import { useEffect } from "react";
import { SystemStatus } from "../components/system-status";
import { useTRPC } from "../trpc";

/** The public landing page; a signed-in user goes straight to their settings. */
export function HomePage() {
  const trpc = useTRPC();
  const navigate = useNavigate();
  const info = useQuery(trpc.partners.portalInfo.queryOptions());
  const me = useQuery({ ...trpc.partners.me.queryOptions(), retry: false });
  const status = useQuery(trpc.health.status.queryOptions());
  useEffect(() => {
    if (me.isSuccess) void navigate({ to: "/settings" });
  }, [me.isSuccess, navigate]);

  const appName = info.data?.appName ?? "Peek App Kit";
  return (
    <Card>
      <CardHeader>
        <CardTitle className="text-xl">{appName}</CardTitle>
        <CardDescription>
          A Peek Pro app. Operators install it from Peek Pro's App Store and use it inside Peek Pro, or sign in here.
        </CardDescription>
      </CardHeader>
      <CardContent className="space-y-4">
        <div className="flex flex-wrap gap-2">
          {info.data?.embeddedAppUrl ? (
            <Button asChild>
              <a href={info.data.embeddedAppUrl}>Install app</a>
            </Button>
          ) : (
            <Button disabled>Install app</Button>
          )}
          <Button asChild variant="outline">
            <Link to="/login">Sign in</Link>
          </Button>
        </div>
        <SystemStatus status={status.data} error={status.isError} />
      </CardContent>
    </Card>
  );
}
