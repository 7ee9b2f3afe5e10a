import { type Database, partners, setupSteps } from "@kit/db";
import { type ConfigurationStatusValues, type MetricsSink, type PeekAccessConfig, reportConfigurationStatus } from "@kit/peek";
import { eq } from "drizzle-orm";
import type { JobHandlers, JobQueue } from "../jobs/job-queue";
import type { Logger } from "../logger";
import { isInstalled } from "../services/partners";
import { backfillBookings } from "./backfill";
import { type RetentionPolicy, runHousekeeping } from "./housekeeping";
import { SETUP_STEPS } from "./setup";

export interface LifecycleJobDeps {
  db: Database;
  jobs: JobQueue;
  logger: Logger;
  clock: () => Date;
  /** Where install metrics go: each sink gets its own job, retried on its own. */
  sinks: readonly MetricsSink[];
  peek: PeekAccessConfig;
  /** `PEEK_CONFIGURATION_API_URL`. */
  configurationApiUrl: string;
  /** What Peek gets for each setup status (`PEEK_CONFIGURATION_STATUSES`). */
  configurationStatuses: ConfigurationStatusValues;
  retention: RetentionPolicy;
  /** `BACKFILL_DAYS`. */
  backfillDays: number;
}

/** The workers of the installation lifecycle's queues: metrics, setup status, backfill, housekeeping. */
export function lifecycleJobHandlers(deps: LifecycleJobDeps): JobHandlers {
  const sinks = new Map(deps.sinks.map((sink) => [sink.name, sink]));
  return {
    "metrics.install": async (metric) => {
      // One job a sink and event: run again (pg-boss delivers at least once), this queues nothing twice.
      await deps.jobs.enqueueAll(
        "metrics.send",
        [...sinks.keys()].map((sink) => ({ sink, metric })),
        { keyOf: ({ sink, metric }) => `${sink}:${metric.event}:${metric.installId}:${metric.at}` },
      );
    },
    "metrics.send": async ({ sink, metric }) => {
      const target = sinks.get(sink);
      // A sink switched off since the metric was queued: nothing to send it to.
      if (!target) return deps.logger.warn({ sink }, "metric for a sink that is not configured: dropped");
      await target.capture(metric);
    },
    "peek.configuration-status": async (job) => {
      // The status sent is the partner's current one: a retry that runs after a newer change never sends an older status.
      const [partner] = await deps.db.select().from(partners).where(eq(partners.id, job.partnerId));
      if (!partner || !isInstalled(partner) || partner.appRegistryInstallationRefid !== job.installId) {
        return deps.logger.info({ partnerId: job.partnerId }, "configuration status not sent: the installation is gone");
      }
      const done = await deps.db.select({ id: setupSteps.stepId }).from(setupSteps).where(eq(setupSteps.partnerId, partner.id));
      const doneCount = SETUP_STEPS.filter((step) => done.some((row) => row.id === step.id)).length;
      await reportConfigurationStatus({
        baseUrl: deps.configurationApiUrl,
        appId: deps.peek.appId,
        appSecret: deps.peek.appSecret,
        apiKey: deps.peek.apiKey,
        apiHosts: deps.peek.apiHosts,
        installId: job.installId,
        status: deps.configurationStatuses[partner.setupStatus],
        notes: `${doneCount} of ${SETUP_STEPS.length} setup steps done`,
        now: deps.clock(),
        ...(deps.peek.fetch ? { fetch: deps.peek.fetch } : {}),
      });
      deps.logger.info({ partnerId: partner.id, status: partner.setupStatus }, "configuration status reported to Peek");
    },
    "bookings.backfill": async ({ partnerId }) => {
      const result = await backfillBookings(deps.db, { partnerId, days: deps.backfillDays, now: deps.clock(), peek: deps.peek });
      deps.logger.info({ partnerId, ...result }, "bookings backfilled");
    },
    housekeeping: async () => {
      await runHousekeeping(deps.db, deps.clock(), deps.retention, deps.logger);
    },
  };
}
