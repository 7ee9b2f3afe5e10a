import { createHash } from "node:crypto";
import { type DatabaseHandle, isDatabaseUnavailable, rowsOf, safeDatabaseError, type Transaction } from "@kit/db";
import type { ConfigurationStatus, InstallMetric } from "@kit/peek";
import { sql } from "drizzle-orm";
import type PgBoss from "pg-boss";
import { type Logger, scrub } from "../logger";
import type { LoginLinkJob } from "../mail/login-link-job";
import type { MailMessage } from "../mail/transports";
import { pgliteExecutor, transactionExecutor } from "./sql-executor";

/** Every job the kit runs, by queue name, with its payload. Add a queue here and a handler where the queue starts. */
export interface JobPayloads {
  /** An install or uninstall to count: fans out to one `metrics.send` per configured sink. */
  "metrics.install": InstallMetric;
  /** One metric to one sink (Ahem, PostHog, the log): each retries on its own. */
  "metrics.send": { sink: string; metric: InstallMetric };
  "mail.send": MailMessage;
  "mail.login-link": LoginLinkJob;
  /** A change of an installation's setup status, to report to Peek (the status current when it runs is sent). */
  "peek.configuration-status": { partnerId: string; installId: string; status: ConfigurationStatus; notes: string | null };
  /** On install: store the installation's upcoming bookings, read from Peek. */
  "bookings.backfill": { partnerId: string };
  /** Scheduled (HOUSEKEEPING_CRON): delete what the app no longer needs. */
  housekeeping: Record<string, never>;
}
export type JobName = keyof JobPayloads;
/** The workers this process runs, by queue; a queue without a handler is only enqueued to here. */
export type JobHandlers = { [N in JobName]?: (data: JobPayloads[N]) => Promise<void> };

const QUEUES: Record<JobName, { retryLimit: number; retryDelay: number }> = {
  "metrics.install": { retryLimit: 8, retryDelay: 30 },
  "metrics.send": { retryLimit: 8, retryDelay: 30 },
  "mail.send": { retryLimit: 10, retryDelay: 15 },
  "mail.login-link": { retryLimit: 6, retryDelay: 10 },
  "peek.configuration-status": { retryLimit: 8, retryDelay: 30 },
  "bookings.backfill": { retryLimit: 5, retryDelay: 60 },
  housekeeping: { retryLimit: 2, retryDelay: 300 },
};
export const JOB_NAMES = Object.keys(QUEUES) as JobName[];
/** Queues whose failures mean people wait for mail: health turns amber while any of their jobs waits to retry. */
export const MAIL_QUEUES: readonly JobName[] = ["mail.send", "mail.login-link"];
/**
 * What the log keeps of a failure: a database error's safe fields, or the first 300 characters of the message, scrubbed
 * (a mail server's refusal quotes the address it refused).
 */
export const failureSummary = (error: unknown) => {
  const database = safeDatabaseError(error);
  if (database) return database;
  // pg-boss's worker errors are plain objects with a message: read as errors are. Scrubbed whole, then cut (a cut
  // address or token would no longer look like one).
  const fields = error && typeof error === "object" ? (error as { message?: unknown; code?: unknown }) : {};
  const message = typeof fields.message === "string" ? fields.message : String(error);
  return {
    message: (scrub(message) as string).slice(0, 300),
    ...(typeof fields.code === "string" || typeof fields.code === "number" ? { code: fields.code } : {}),
  };
};

/** A row of pg-boss's schedule table, as `getSchedules()` returns it (its type leaves out the time zone). */
type StoredSchedule = { name: string; cron: string; timezone?: string };

/** A UUID (version 5's layout) derived from a key: the same key, the same job id. */
export function stableJobId(key: string): string {
  const hex = createHash("sha256").update(key).digest("hex");
  const variant = ((Number.parseInt(hex.slice(16, 17), 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** Jobs that used up their retries land here; health reports them. */
export const DEAD_LETTER_QUEUE = "dead-letter";

export interface JobQueue {
  /** Enqueues inside the caller's transaction: the job exists if and only if that transaction commits. */
  enqueue<N extends JobName>(tx: Transaction, name: N, data: JobPayloads[N]): Promise<void>;
  /**
   * Enqueues several jobs in one statement, outside any transaction: all of them or none. For a worker that fans out
   * (a transaction held by a worker on embedded PGlite would wait on the queue's own connection).
   */
  /**
   * Enqueues many jobs at once. With `keyOf`, each job's id is derived from its key: enqueued again (a retry of the job
   * that fans out), a job already queued under that key is not added twice.
   */
  enqueueAll<N extends JobName>(
    name: N,
    payloads: readonly JobPayloads[N][],
    options?: { keyOf?: (payload: JobPayloads[N]) => string },
  ): Promise<void>;
  /**
   * Creates the queue tables (once) and starts the workers (none with `null`) and the schedules. A failed start
   * (database down) is tried again by the next `enqueue`. With `afterMs`, the start waits that long, or until an
   * enqueue (or `prepare`) needs it. The promise settles when the workers run.
   */
  start(handlers: JobHandlers | null, options?: { afterMs?: number }): Promise<void>;
  /**
   * Makes the queue ready for `enqueue` now, if it is not (at once when it is). Await it before opening a transaction
   * that may enqueue: on embedded PGlite the queue shares the one connection, so a start from inside a transaction
   * would wait for that transaction to end. There, an `enqueue` before the queue is ready fails loudly instead.
   */
  prepare(): Promise<void>;
  /**
   * Puts failed jobs (retries used up) back in their queue, as new attempts under the same id, and drops their copies
   * from the dead-letter queue. Returns the ids put back; a job archived since (past `JOB_ARCHIVE_RETENTION_DAYS`) is not.
   */
  retry(target: { ids: string[] } | { queue: JobName }): Promise<string[]>;
  stop(): Promise<void>;
}

export interface JobQueueOptions {
  logger: Logger;
  /** Seconds between polls of each worker. */
  pollingIntervalSeconds?: number;
  /** Overrides of the retry policy per queue (tests use short ones). */
  policies?: Partial<Record<JobName, { retryLimit: number; retryDelay: number }>>;
  /**
   * Cron schedules this process keeps (UTC). pg-boss stores them in the database and sends one job per tick however
   * many instances keep them; only the server passes them (the command line does not).
   */
  schedules?: Partial<Record<JobName, string>>;
  /** Days finished jobs stay in pg-boss's archive, and failed ones stay retryable (`JOB_ARCHIVE_RETENTION_DAYS`). */
  archiveDays?: number;
}

/** Postgres errors of two processes setting up the same tables at once: deadlock, serialization, duplicates. */
const CONCURRENT_SETUP_CODES = new Set(["40P01", "40001", "23505", "42P07", "42710"]);
const START_ATTEMPTS = 5;

/** Whether a stored queue already has the retry policy in code (pg-boss's update sets exactly these, and the `standard` policy). */
function sameRetryPolicy(
  stored: PgBoss.QueueResult,
  policy: { retryLimit: number; retryDelay: number; retryBackoff: boolean; deadLetter: string },
): boolean {
  return (
    (stored.policy ?? "standard") === "standard" &&
    stored.retryLimit === policy.retryLimit &&
    stored.retryDelay === policy.retryDelay &&
    stored.retryBackoff === policy.retryBackoff &&
    stored.deadLetter === policy.deadLetter
  );
}

/**
 * The kit's durable job queue: pg-boss on the app's own database (its own small pool on Postgres, the shared
 * connection on PGlite), with retries, exponential backoff and a dead-letter queue.
 */
export function createJobQueue(handle: DatabaseHandle, options: JobQueueOptions): JobQueue {
  const schedules = Object.entries(options.schedules ?? {}) as [JobName, string][];
  const archiveDays = options.archiveDays ?? 7;
  const common = {
    schedule: schedules.length > 0,
    // Failed jobs stay in the job table (where they can be retried) as long as finished ones stay in the archive.
    archiveFailedAfterSeconds: archiveDays * 86_400,
    deleteAfterDays: archiveDays,
  };
  /**
   * pg-boss (with `pg`, its cron parser and luxon) is loaded when the queue starts, after the server listens: loading it
   * at import cost the cold start about 25 ms.
   */
  let made: Promise<PgBoss> | null = null;
  const makeBoss = async (): Promise<PgBoss> => {
    const { default: PgBossClass } = await import("pg-boss");
    const boss =
      handle.raw.driver === "postgres"
        ? new PgBossClass({ connectionString: handle.raw.url, max: 3, application_name: "peek-app-kit-jobs", ...common })
        : new PgBossClass({ db: pgliteExecutor(handle), ...common });
    // pg-boss attaches its pg client to errors: log the message and code only. An unreachable database is expected to
    // pass (the queue reconnects by itself); anything else is an error.
    boss.on("error", (error) => {
      const summary = { err: failureSummary(error) };
      if (isDatabaseUnavailable(error)) options.logger.warn(summary, "job queue: database unavailable");
      else options.logger.error(summary, "job queue error");
    });
    return boss;
  };
  /** Set once the queue has started: every use below comes after `ensureStarted()`. */
  let boss: PgBoss | null = null;
  const started = (): PgBoss => {
    if (!boss) throw new Error("the job queue is not started");
    return boss;
  };
  let handlers: JobHandlers | null = null;
  let starting: Promise<void> | null = null;
  let stopped = false;
  let cancelDelayedStart = () => {};

  /** Queues with a worker in this process: a start tried again after a failure part-way adds none twice. */
  const working = new Set<JobName>();
  const registerWorker = async <N extends JobName>(name: N) => {
    const handler = handlers?.[name] as ((data: JobPayloads[N]) => Promise<void>) | undefined;
    if (!handler || working.has(name)) return;
    await started().work<JobPayloads[N]>(
      name,
      { pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2, includeMetadata: true },
      async (jobs) => {
        for (const job of jobs) {
          try {
            await handler(job.data);
          } catch (error) {
            // Every failed attempt is visible (the job id finds it in pg-boss's table); pg-boss retries it with backoff.
            const summary = failureSummary(error);
            options.logger.warn(
              { jobId: job.id, queue: name, attempt: job.retryCount + 1, err: summary },
              "job failed: it will be retried",
            );
            // pg-boss stores what is thrown in its job table: the summary, not the error (a mail server's refusal
            // quotes the address; an error may carry the request or response it failed on).
            const stored =
              "message" in summary
                ? summary.message
                : `${summary.type}: database error ${summary.code ?? ""} ${summary.constraint ?? ""}`.trim();
            throw Object.assign(new Error(stored), summary.code != null ? { code: summary.code } : {});
          }
        }
      },
    );
    working.add(name);
  };
  /** What an enqueue needs: pg-boss started and every queue there with the policy in code. */
  const startOnce = async () => {
    made ??= makeBoss();
    boss = await made;
    await boss.start();
    // One read of the queues instead of a create and an update per queue at every boot (on embedded PGlite, where the
    // queue shares the one connection, those held up the first requests by about 150 ms).
    const existing = new Map((await boss.getQueues()).map((queue) => [queue.name, queue]));
    if (!existing.has(DEAD_LETTER_QUEUE)) await boss.createQueue(DEAD_LETTER_QUEUE, { name: DEAD_LETTER_QUEUE, retentionDays: 30 });
    for (const name of JOB_NAMES) {
      const policy = { name, ...QUEUES[name], ...options.policies?.[name], retryBackoff: true, deadLetter: DEAD_LETTER_QUEUE };
      const stored = existing.get(name);
      if (!stored) await boss.createQueue(name, policy);
      // An existing queue keeps its settings through createQueue: the policy in code wins, also on a database created earlier.
      else if (!sameRetryPolicy(stored, policy)) await boss.updateQueue(name, policy);
    }
  };
  /**
   * The workers, then the schedules. A schedule already stored as in code is not written again: writing it parses the
   * cron expression, whose first date loads the time-zone data (about 50 ms of a start on embedded PGlite).
   */
  const startWorkersOnce = async () => {
    for (const name of JOB_NAMES) await registerWorker(name);
    if (schedules.length === 0) return;
    const stored = new Map((await started().getSchedules()).map((schedule) => [schedule.name, schedule as StoredSchedule]));
    for (const [name, cron] of schedules) {
      const current = stored.get(name);
      if (current?.cron === cron && current.timezone === "UTC") continue;
      await started().schedule(name, cron, {}, { tz: "UTC" });
    }
  };
  /**
   * pg-boss cannot start again an instance whose start failed (it stays "starting", and its pool stays open): the
   * failed one is stopped, its pool closed, and the next start makes a new one.
   */
  const discard = async () => {
    const failed = await made?.catch(() => null);
    made = null;
    boss = null;
    working.clear();
    if (!failed) return;
    await failed.stop({ graceful: false, close: true, wait: true }).catch(() => undefined);
    const db = failed.getDb() as { isOurs?: boolean; opened?: boolean; close?: () => Promise<void> };
    if (db.isOurs && db.opened) await db.close?.().catch(() => undefined);
  };
  /**
   * Instances starting together on a new database create pg-boss's tables and queues at the same moment, and Postgres
   * can pick one of them as a deadlock victim (or see a duplicate): every step is idempotent, so it is tried again
   * (after `afterFailure` has cleaned up).
   */
  const retryingRaces = async (step: () => Promise<void>, afterFailure: () => Promise<void>) => {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await step();
      } catch (error) {
        await afterFailure();
        const code = (error as { code?: unknown }).code;
        if (stopped || attempt >= START_ATTEMPTS || typeof code !== "string" || !CONCURRENT_SETUP_CODES.has(code)) throw error;
        await new Promise((resolve) => setTimeout(resolve, 50 + Math.random() * 200));
      }
    }
  };
  /** Set once an enqueue can run: pg-boss started and its queues stored. */
  let ready = false;
  const ensureStarted = () => {
    if (stopped) return Promise.reject(new Error("the job queue is stopped"));
    starting ??= retryingRaces(startOnce, discard).then(
      () => {
        ready = true;
      },
      (error: unknown) => {
        starting = null;
        throw error;
      },
    );
    return starting;
  };
  /** Started, with the workers and schedules of `start()` (none before it is called). */
  let workersStarting: Promise<void> | null = null;
  const ensureWorking = (): Promise<void> => {
    if (!handlers && schedules.length === 0) return ensureStarted();
    workersStarting ??= ensureStarted()
      .then(() => retryingRaces(startWorkersOnce, async () => {}))
      .catch((error: unknown) => {
        workersStarting = null;
        throw error;
      });
    return workersStarting;
  };
  let startCalled = false;
  /** After an enqueue's start: workers that could not start earlier are tried again, without holding up the enqueue. */
  const workersInBackground = () => {
    if (stopped || workersStarting || !startCalled) return;
    ensureWorking().catch((error: unknown) => logWorkersFailed(error));
  };
  const logWorkersFailed = (error: unknown) =>
    options.logger.error({ err: failureSummary(error) }, "job queue: workers did not start; the next enqueue tries again");
  /** What an enqueue needs, started now if it is not; the workers follow without holding it up. */
  const prepare = async () => {
    await ensureStarted();
    workersInBackground();
  };

  return {
    async enqueue(tx, name, data) {
      if (!ready && handle.raw.driver === "pglite")
        throw new Error(`the job queue is not ready for ${name}: await jobs.prepare() before the transaction that enqueues`);
      await prepare();
      await started().send(name, data as object, { db: transactionExecutor(tx) });
    },
    async enqueueAll(name, payloads, options = {}) {
      if (payloads.length === 0) return;
      await prepare();
      const { keyOf } = options;
      await started().insert(
        payloads.map((data) => ({ name, data: data as object, ...(keyOf ? { id: stableJobId(`${name}:${keyOf(data)}`) } : {}) })),
      );
    },
    async retry(target) {
      await ensureStarted();
      const failed = rowsOf<{ id: string; name: string }>(
        await handle.db.execute(
          "ids" in target
            ? sql`select id::text, name from pgboss.job where state = 'failed' and name <> ${DEAD_LETTER_QUEUE} and id::text in ${target.ids.length > 0 ? target.ids : [""]}`
            : sql`select id::text, name from pgboss.job where state = 'failed' and name = ${target.queue}`,
        ),
      );
      const retried: string[] = [];
      for (const job of failed) {
        await handle.db.transaction(async (tx) => {
          const db = transactionExecutor(tx);
          await started().retry(job.name, job.id, { db });
          // Its copy in the dead-letter queue (same data, made when it failed) goes, so health stops counting it.
          await tx.execute(sql`
            delete from pgboss.job where ctid in (
              select d.ctid from pgboss.job d join pgboss.job j on j.id = ${job.id}::uuid
              where d.name = ${DEAD_LETTER_QUEUE} and d.state in ('created', 'retry') and d.data = j.data
              order by abs(extract(epoch from d.created_on - j.completed_on)) limit 1)`);
        });
        retried.push(job.id);
      }
      return retried;
    },
    prepare,
    start(withHandlers, { afterMs = 0 } = {}) {
      handlers = withHandlers;
      startCalled = true;
      if (afterMs <= 0) return ensureWorking();
      // Later, unless an enqueue needs it sooner (it finds `start` called, so the workers start after it).
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => ensureWorking().then(resolve, reject), afterMs);
        cancelDelayedStart = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      cancelDelayedStart();
      if (starting) await starting.catch(() => undefined);
      if (workersStarting) await workersStarting.catch(() => undefined);
      const instance = made ? await made.catch(() => null) : null;
      await instance?.stop({ graceful: true, wait: true, timeout: 10_000 }).catch(() => undefined);
    },
  };
}
