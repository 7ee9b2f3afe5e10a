import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "../../trpc";
import { AuditLog } from "./audit-log";
import { Members } from "./members";
import { PartnerSettingsForm } from "./partner-settings-form";
import { SetupChecklist } from "./setup-checklist";

/**
 * The installation's own part of the settings page (one chunk, loaded after the first paint): the setup checklist
 * until setup is complete, the partner's settings, and for its admins the audit trail and, in the portal, who has
 * portal access.
 */
export function InstallationSection({ portal }: { portal: boolean }) {
  const trpc = useTRPC();
  const settings = useQuery(trpc.partners.settings.queryOptions());
  const admin = settings.data?.canEdit ?? false;
  return (
    <>
      <SetupChecklist />
      <PartnerSettingsForm />
      {admin && (
        <div className="grid gap-4 lg:grid-cols-2">
          <AuditLog />
          {portal && <Members />}
        </div>
      )}
    </>
  );
}
