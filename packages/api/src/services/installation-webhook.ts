import type { Database, Partner } from "@kit/db";
import type { Logger } from "../context";
import type { JobQueue } from "../jobs/job-queue";
import { installationHooks } from "./installation-hooks";
import { type InstallationSnapshot, upsertPartnerForInstallation } from "./partners";
import { recordDelivery } from "./webhook-inbox";

/**
 * Applies an authenticated installation delivery: inbox row, partner upsert and lifecycle hook in one transaction, so
 * the 2xx that follows means all of it is committed.
 */
export async function acceptInstallationDelivery(
  deps: { db: Database; logger: Logger; jobs: JobQueue; clock: () => Date },
  delivery: { payload: unknown; snapshot: InstallationSnapshot },
): Promise<Partner> {
  const { snapshot } = delivery;
  return deps.db.transaction(async (tx) => {
    await recordDelivery(tx, { kind: "installation", installId: snapshot.installId, payload: delivery.payload, outcome: "accepted" });
    const partner = await upsertPartnerForInstallation(tx, snapshot);
    const hook = snapshot.installation.status === "update_installed" ? null : installationHooks[snapshot.installation.status];
    await hook?.({ tx, partner, logger: deps.logger, jobs: deps.jobs, now: deps.clock() });
    return partner;
  });
}

/** Keeps a delivery we refuse to apply (unknown status), so nothing Peek sent disappears without a trace. */
export async function rejectInstallationDelivery(
  db: Database,
  delivery: { installId: string; payload: unknown; reason: string },
): Promise<void> {
  await db.transaction((tx) => recordDelivery(tx, { kind: "installation", outcome: "rejected", ...delivery }));
}
