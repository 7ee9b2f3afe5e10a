import { type DatabaseHandle, isDatabaseUnavailable, safeDatabaseError, type Transaction } from "@kit/db";
import type { InstallMetric } from "@kit/peek";
import PgBoss from "pg-boss";
import type { Logger } from "../logger";
import type { LoginLinkJob } from "../mail/login-link-job";
import type { MailMessage } from "../mail/transports";
import { pgliteExecutor, transactionExecutor } from "./sql-executor";

/** Every job the kit runs, by queue name, with its payload. Add a queue here and a handler where the queue starts. */
export interface JobPayloads {
  "metrics.install": InstallMetric;
  "mail.send": MailMessage;
  "mail.login-link": LoginLinkJob;
}
export type JobName = keyof JobPayloads;
/** The workers this process runs, by queue; a queue without a handler is only enqueued to here. */
export type JobHandlers = { [N in JobName]?: (data: JobPayloads[N]) => Promise<void> };

const QUEUES: Record<JobName, { retryLimit: number; retryDelay: number }> = {
  "metrics.install": { retryLimit: 8, retryDelay: 30 },
  "mail.send": { retryLimit: 10, retryDelay: 15 },
  "mail.login-link": { retryLimit: 6, retryDelay: 10 },
};
/** Queues whose failures mean people wait for mail: health turns amber while any of their jobs waits to retry. */
export const MAIL_QUEUES: readonly JobName[] = ["mail.send", "mail.login-link"];
/** Jobs that used up their retries land here; health reports them. */
export const DEAD_LETTER_QUEUE = "dead-letter";

export interface JobQueue {
  /** Enqueues inside the caller's transaction: the job exists if and only if that transaction commits. */
  enqueue<N extends JobName>(tx: Transaction, name: N, data: JobPayloads[N]): Promise<void>;
  /**
   * Creates the queue tables (once) and starts the workers (none with `null`). A failed start (database down) is
   * tried again by the next `enqueue`.
   */
  start(handlers: JobHandlers | null): Promise<void>;
  stop(): Promise<void>;
}

export interface JobQueueOptions {
  logger: Logger;
  /** Seconds between polls of each worker. */
  pollingIntervalSeconds?: number;
  /** Overrides of the retry policy per queue (tests use short ones). */
  policies?: Partial<Record<JobName, { retryLimit: number; retryDelay: number }>>;
}

/**
 * The kit's durable job queue: pg-boss on the app's own database (its own small pool on Postgres, the shared
 * connection on PGlite), with retries, exponential backoff and a dead-letter queue.
 */
export function createJobQueue(handle: DatabaseHandle, options: JobQueueOptions): JobQueue {
  const boss =
    handle.raw.driver === "postgres"
      ? new PgBoss({ connectionString: handle.raw.url, max: 3, schedule: false, application_name: "peek-app-kit-jobs" })
      : new PgBoss({ db: pgliteExecutor(handle), schedule: false });
  // pg-boss attaches its pg client to errors: log the message and code only. An unreachable database is expected to
  // pass (the queue reconnects by itself); anything else is an error.
  boss.on("error", (error) => {
    const summary = { err: safeDatabaseError(error) ?? { message: error.message, code: (error as { code?: unknown }).code } };
    if (isDatabaseUnavailable(error)) options.logger.warn(summary, "job queue: database unavailable");
    else options.logger.error(summary, "job queue error");
  });
  let handlers: JobHandlers | null = null;
  let starting: Promise<void> | null = null;
  let stopped = false;

  const registerWorker = async <N extends JobName>(name: N) => {
    const handler = handlers?.[name] as ((data: JobPayloads[N]) => Promise<void>) | undefined;
    if (!handler) return;
    await boss.work<JobPayloads[N]>(
      name,
      { pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2, includeMetadata: true },
      async (jobs) => {
        for (const job of jobs) {
          try {
            await handler(job.data);
          } catch (error) {
            // Every failed attempt is visible (the job id finds it in pg-boss's table); pg-boss retries it with backoff.
            const summary = safeDatabaseError(error) ?? { message: error instanceof Error ? error.message.slice(0, 300) : String(error) };
            options.logger.warn(
              { jobId: job.id, queue: name, attempt: job.retryCount + 1, err: summary },
              "job failed: it will be retried",
            );
            throw error;
          }
        }
      },
    );
  };
  const startOnce = async () => {
    await boss.start();
    await boss.createQueue(DEAD_LETTER_QUEUE, { name: DEAD_LETTER_QUEUE, retentionDays: 30 });
    for (const name of Object.keys(QUEUES) as JobName[]) {
      const policy = { name, ...QUEUES[name], ...options.policies?.[name], retryBackoff: true, deadLetter: DEAD_LETTER_QUEUE };
      await boss.createQueue(name, policy);
      // createQueue leaves an existing queue as it was: the policy in code wins, also on a database created earlier.
      await boss.updateQueue(name, policy);
      await registerWorker(name);
    }
  };
  const ensureStarted = () => {
    if (stopped) return Promise.reject(new Error("the job queue is stopped"));
    starting ??= startOnce().catch((error: unknown) => {
      starting = null;
      throw error;
    });
    return starting;
  };

  return {
    async enqueue(tx, name, data) {
      await ensureStarted();
      await boss.send(name, data as object, { db: transactionExecutor(tx) });
    },
    start(withHandlers) {
      handlers = withHandlers;
      return ensureStarted();
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      if (starting) await starting.catch(() => undefined);
      await boss.stop({ graceful: true, wait: true, timeout: 10_000 }).catch(() => undefined);
    },
  };
}
