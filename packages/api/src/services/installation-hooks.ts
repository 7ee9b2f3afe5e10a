import { type InstallationStatus, installationStatuses, type Partner, partners, type Transaction } from "@kit/db";
import type { InstallMetric } from "@kit/peek";
import { eq } from "drizzle-orm";
import type { JobQueue } from "../jobs/job-queue";
import type { Logger } from "../logger";
import { revokePartnerSessions } from "./sessions";

export interface InstallationHookContext {
  /** The webhook's transaction: what a hook writes or enqueues commits (or not) with the delivery. */
  tx: Transaction;
  partner: Partner;
  logger: Logger;
  jobs: JobQueue;
  now: Date;
}

function installMetric(event: InstallMetric["event"], { partner, now }: InstallationHookContext): InstallMetric {
  return {
    event,
    installId: partner.appRegistryInstallationRefid ?? "",
    partnerId: partner.id,
    accountId: partner.externalRefid,
    partnerName: partner.name,
    platform: partner.platform,
    isTest: partner.isTest,
    at: now.toISOString(),
  };
}

/**
 * The places an app extends the installation lifecycle. Each runs inside the delivery's transaction, so a hook that
 * throws makes the webhook answer 5xx and Peek redeliver. Work that can fail outside the database (metrics, mail,
 * calls to Peek) is enqueued here and runs from the job queue with retries, never in the request.
 *
 * Hooks run on a change of state, not on every delivery: Peek redelivers, and repeats a status it already sent (see
 * {@link hookFor}). The original kit re-sent its install metric on every delivery.
 */
export const installationHooks = {
  /**
   * Installed (or reinstalled): the retention clock stops (a partner purged before is live again), Peek counts it, the
   * upcoming bookings are read, and a new installation of a partner whose setup had begun is told how far it is.
   */
  async installed(ctx: InstallationHookContext): Promise<void> {
    ctx.logger.info({ partnerId: ctx.partner.id, event: "install" }, "app installed");
    await ctx.tx.update(partners).set({ uninstalledAt: null, purgedAt: null, purgeCounts: null }).where(eq(partners.id, ctx.partner.id));
    await ctx.jobs.enqueue(ctx.tx, "metrics.install", installMetric("app.install", ctx));
    await ctx.jobs.enqueue(ctx.tx, "bookings.backfill", { partnerId: ctx.partner.id });
    const installId = ctx.partner.appRegistryInstallationRefid;
    if (installId && ctx.partner.setupStatus !== "not_started") {
      // The job reads the partner's status and steps when it runs: the notes here are only what is known now.
      await ctx.jobs.enqueue(ctx.tx, "peek.configuration-status", {
        partnerId: ctx.partner.id,
        installId,
        status: ctx.partner.setupStatus,
        notes: null,
      });
    }
  },
  /**
   * Uninstalled: every session ends now, and the retention clock starts (`UNINSTALL_RETENTION_DAYS`; housekeeping
   * deletes the partner's data when it runs out, unless the app is installed again first).
   */
  async uninstalled(ctx: InstallationHookContext): Promise<void> {
    ctx.logger.info({ partnerId: ctx.partner.id, event: "uninstall" }, "app uninstalled");
    await revokePartnerSessions(ctx.tx, ctx.partner.id);
    await ctx.tx.update(partners).set({ uninstalledAt: ctx.now }).where(eq(partners.id, ctx.partner.id));
    await ctx.jobs.enqueue(ctx.tx, "metrics.install", installMetric("app.uninstall", ctx));
  },
};

export type InstallationHook = keyof typeof installationHooks;

/**
 * The hook a delivery runs, from the installation's previous status (null: no partner, or none recorded) and the new
 * one: `installed` when the app becomes installed, `uninstalled` when it stops being so, nothing for a status that
 * changes neither. A version update is an installed app: for an installation held as uninstalled (newer deliveries win)
 * or not held yet (its install may come later, and older), it is the install.
 */
export function hookFor(prior: InstallationStatus | null, next: InstallationStatus): InstallationHook | null {
  const installedBefore = prior === "installed" || prior === "update_installed";
  if (next === "installed" || next === "update_installed") return installedBefore ? null : "installed";
  return prior === "uninstalled" ? null : "uninstalled";
}

/** The previous statuses after which a delivery of `next` runs no hook. */
export const quietPriorStatuses = (next: InstallationStatus): InstallationStatus[] =>
  installationStatuses.filter((prior) => hookFor(prior, next) === null);
