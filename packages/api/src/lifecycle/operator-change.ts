import type { Database, Partner, PartnerUser, Transaction } from "@kit/db";
import type { JobQueue } from "../jobs/job-queue";
import { recordAudit } from "./audit";
import { refreshSetupStatus } from "./setup";

/** Who changes what, for which partner: what a partner procedure's context knows. */
export interface OperatorContext {
  db: Database;
  partner: Pick<Partner, "id" | "appRegistryInstallationRefid">;
  user: Pick<PartnerUser, "id"> | null;
  jobs: JobQueue | null;
  clock: () => Date;
}

/**
 * An operator's change to the partner's data, in one transaction with its audit entry (who, what, which record) and the
 * setup status it may move (a first record completes a step; the report to Peek is enqueued in the same transaction).
 */
export async function operatorChange<T>(
  ctx: OperatorContext,
  action: string,
  run: (tx: Transaction) => Promise<T>,
  subjectOf: (result: T) => string | null,
): Promise<T> {
  await ctx.jobs?.prepare(); // the setup status may change and be reported
  return ctx.db.transaction(async (tx) => {
    const result = await run(tx);
    await recordAudit(tx, { partnerId: ctx.partner.id, actorUserId: ctx.user?.id ?? null, action, subject: subjectOf(result) });
    await refreshSetupStatus(tx, {
      partnerId: ctx.partner.id,
      installId: ctx.partner.appRegistryInstallationRefid,
      jobs: ctx.jobs,
      now: ctx.clock(),
    });
    return result;
  });
}
