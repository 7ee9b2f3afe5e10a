import { useQuery } from "@tanstack/react-query";
import { TRPCClientError } from "@trpc/client";
import { lazy, Suspense } from "react";
import { useEmbed } from "../embed/embed-context";
import { createTranslator } from "../i18n/messages";
import { useTRPC } from "../trpc";
import { SettingsView } from "./settings-view";

// Sessions, sign-out and partner switch exist only in the standalone portal: the embedded page never loads them.
const PortalControls = lazy(() => import("./portal-controls").then((module) => ({ default: module.PortalControls })));

/** The partner's settings page: what Peek Pro opens in its iframe. */
export function SettingsPage() {
  const trpc = useTRPC();
  const { locale } = useEmbed();
  const me = useQuery({ ...trpc.partners.me.queryOptions(), retry: false });
  const activities = useQuery({ ...trpc.partners.activities.queryOptions(), enabled: me.isSuccess, retry: false });
  const t = createTranslator({ platform: me.data?.partner.platform ?? null, locale: locale ?? navigator.language });
  const unauthorized = me.error instanceof TRPCClientError && me.error.data?.code === "UNAUTHORIZED";
  return (
    <div className="space-y-4">
      <SettingsView
        t={t}
        me={
          me.isPending
            ? { status: "pending" }
            : me.isError
              ? { status: "error", unauthorized, retry: () => void me.refetch() }
              : { status: "success", data: me.data }
        }
        activities={
          activities.isSuccess
            ? { status: "success", data: activities.data }
            : activities.isError
              ? { status: "error" }
              : { status: "pending" }
        }
      />
      {me.data?.sessionKind === "portal" && (
        <Suspense fallback={null}>
          <PortalControls me={me.data} />
        </Suspense>
      )}
    </div>
  );
}
