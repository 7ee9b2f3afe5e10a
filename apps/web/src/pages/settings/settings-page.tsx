import { useQuery } from "@tanstack/react-query";
import { lazy, Suspense, useEffect, useState } from "react";
import { useT } from "../../i18n/use-t";
import { useMe } from "../../shell/use-me";
import { useTRPC } from "../../trpc";
import { SettingsView } from "./settings-view";

// Loaded after the first paint (a chunk each): the embedded page's first file stays small.
const BookingsOverview = lazy(() => import("./bookings-overview").then((m) => ({ default: m.BookingsOverview })));
const PortalSessions = lazy(() => import("./portal-sessions").then((m) => ({ default: m.PortalSessions })));
const InstallationSection = lazy(() => import("./installation-section").then((m) => ({ default: m.InstallationSection })));

/** After the first paint: true from the first effect on. */
function usePainted() {
  const [painted, setPainted] = useState(false);
  useEffect(() => {
    const id = requestAnimationFrame(() => setPainted(true));
    return () => cancelAnimationFrame(id);
  }, []);
  return painted;
}

/** The partner's settings page: what Peek Pro opens in its iframe (rendered inside RequireSession). */
export function SettingsPage() {
  const trpc = useTRPC();
  const t = useT();
  const me = useMe();
  const painted = usePainted();
  const activities = useQuery({ ...trpc.partners.activities.queryOptions(), retry: false });
  if (!me.data) return null;
  return (
    <SettingsView
      me={me.data}
      activities={
        activities.isSuccess
          ? { status: "success", data: activities.data }
          : activities.isError
            ? { status: "error", error: activities.error, retry: () => void activities.refetch() }
            : { status: "pending" }
      }
      overview={
        painted ? (
          <Suspense fallback={<div role="status" aria-busy="true" aria-label={t("overview.loading")} className="h-24" />}>
            <BookingsOverview />
          </Suspense>
        ) : null
      }
      installation={
        painted ? (
          <Suspense fallback={<div role="status" aria-busy="true" aria-label={t("setup.loading")} className="h-24" />}>
            <InstallationSection portal={me.data.sessionKind === "portal"} />
          </Suspense>
        ) : null
      }
      sessions={
        me.data.sessionKind === "portal" && painted ? (
          <Suspense fallback={null}>
            <PortalSessions />
          </Suspense>
        ) : null
      }
    />
  );
}
