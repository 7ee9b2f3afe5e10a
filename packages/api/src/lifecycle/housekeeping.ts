import { type Database, housekeepingRuns, partners, rowsOf } from "@kit/db";
import { and, isNotNull, lte, sql } from "drizzle-orm";
import type { Logger } from "../logger";
import { notTombstone } from "../services/partners";
import { purgePartnerData } from "./partner-data";

export interface RetentionPolicy {
  /** `UNINSTALL_RETENTION_DAYS`: how long an uninstalled partner's data is kept for a reinstall. */
  uninstallDays: number;
  /** `WEBHOOK_INBOX_RETENTION_DAYS`: how long delivered webhooks (and their bodies) are kept. */
  inboxDays: number;
  /** `JOB_ARCHIVE_RETENTION_DAYS`: how long finished jobs stay in pg-boss's archive. */
  jobArchiveDays: number;
}

const DAY_MS = 86_400_000;
/** A time as a bound parameter both drivers take. */
const at = (date: Date) => sql`${date.toISOString()}::timestamptz`;
const daysBefore = (now: Date, days: number) => at(new Date(now.getTime() - days * DAY_MS));
const count = async (db: Database, query: ReturnType<typeof sql>) => rowsOf(await db.execute(query)).length;

/**
 * The housekeeping tasks, each deleting what the app no longer needs, returning what it removed. Safe to run at the same
 * time on several instances (each statement stands alone; the partner purge locks the partner).
 */
export const HOUSEKEEPING_TASKS: Record<string, (db: Database, now: Date, policy: RetentionPolicy) => Promise<Record<string, number>>> = {
  sessions: async (db, now) => ({
    sessions: await count(db, sql`delete from sessions where expires_at < ${at(now)} returning 1 as one`),
  }),
  "login-tokens": async (db, now) => ({
    login_tokens: await count(
      db,
      sql`delete from login_tokens where consumed_at is not null or expires_at < ${at(now)} returning 1 as one`,
    ),
  }),
  "rate-limits": async (db, now) => ({
    // The longest window is an hour: anything older than a day is done with.
    rate_limits: await count(db, sql`delete from rate_limits where window_start < ${daysBefore(now, 1)} returning 1 as one`),
  }),
  inbox: async (db, now, policy) => ({
    webhook_deliveries: await count(
      db,
      sql`delete from webhook_deliveries where last_received_at < ${daysBefore(now, policy.inboxDays)} returning 1 as one`,
    ),
  }),
  "job-archive": async (db, now, policy) => {
    const exists = rowsOf(await db.execute(sql`select to_regclass('pgboss.archive') is not null as present`))[0] as { present?: boolean };
    if (!exists?.present) return { jobs: 0 };
    return {
      jobs: await count(
        db,
        sql`delete from pgboss.archive where archived_on < ${daysBefore(now, policy.jobArchiveDays)} returning 1 as one`,
      ),
    };
  },
  "uninstalled-partners": async (db, now, policy) => {
    const uninstalledBefore = new Date(now.getTime() - policy.uninstallDays * DAY_MS);
    const due = await db
      .select({ id: partners.id })
      .from(partners)
      .where(
        and(
          isNotNull(partners.uninstalledAt),
          lte(partners.uninstalledAt, uninstalledBefore),
          // Not purged since this uninstall.
          notTombstone(),
        ),
      );
    let purged = 0;
    for (const { id } of due) if (await purgePartnerData(db, id, now, { uninstalledBefore })) purged += 1;
    return { partners: purged };
  },
};

export type HousekeepingTask = keyof typeof HOUSEKEEPING_TASKS;

/**
 * Runs every housekeeping task, logs what each removed and records its last run (the dev dashboard shows them). A task
 * that fails is logged and the others still run; the run then fails, so the job queue retries it.
 */
export async function runHousekeeping(
  db: Database,
  now: Date,
  policy: RetentionPolicy,
  logger: Logger,
  tasks: typeof HOUSEKEEPING_TASKS = HOUSEKEEPING_TASKS,
): Promise<Record<string, Record<string, number>>> {
  const results: Record<string, Record<string, number>> = {};
  const failed: string[] = [];
  for (const [task, run] of Object.entries(tasks)) {
    let removed: Record<string, number>;
    try {
      removed = await run(db, now, policy);
    } catch (error) {
      failed.push(task);
      logger.error({ task, err: error }, "housekeeping task failed");
      continue;
    }
    results[task] = removed;
    logger.info({ task, removed }, "housekeeping");
    await db
      .insert(housekeepingRuns)
      .values({ task, ranAt: now, removed })
      .onConflictDoUpdate({ target: housekeepingRuns.task, set: { ranAt: now, removed } });
  }
  if (failed.length > 0) throw new Error(`housekeeping tasks failed: ${failed.join(", ")}`);
  return results;
}

/** Partners uninstalled but not purged yet, for the dashboard (and tests). */
export const retainedPartners = (db: Database) =>
  db
    .select({ id: partners.id })
    .from(partners)
    .where(and(isNotNull(partners.uninstalledAt), notTombstone()));
