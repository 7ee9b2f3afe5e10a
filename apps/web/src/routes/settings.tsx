import { useQuery } from "@tanstack/react-query";
import { TRPCClientError } from "@trpc/client";
import { useEmbed } from "../embed/embed-context";
import { createTranslator } from "../i18n/messages";
import { useTRPC } from "../trpc";
import { PortalControls } from "./portal-controls";
import { SettingsView } from "./settings-view";

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
      {me.data?.sessionKind === "portal" && <PortalControls me={me.data} />}
    </div>
  );
}
