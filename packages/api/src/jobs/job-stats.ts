import { type Database, rowsOf } from "@kit/db";
import { inArray, sql } from "drizzle-orm";
import { DEAD_LETTER_QUEUE, MAIL_QUEUES } from "./job-queue";

export interface JobStateCount {
  name: string;
  state: string;
  count: number;
}

/** Jobs per queue and state (pg-boss's own table); empty until the queue has created its schema. */
export function jobStateCounts(db: Database): Promise<JobStateCount[]> {
  return db
    .execute(sql`select name, state, count(*)::int as count from pgboss.job group by name, state order by name, state`)
    .then((result) => rowsOf<JobStateCount>(result))
    .catch(() => []);
}

/**
 * What health reports of the jobs, in one query: jobs that used up their retries (the dead-letter queue), and mail
 * jobs whose last attempt failed and that wait to be retried. Zeros before the queue has created its tables.
 */
export async function jobHealthCounts(db: Database): Promise<{ deadLetters: number; mailRetrying: number }> {
  try {
    const [row] = rowsOf<{ dead: number | string; mail: number | string }>(
      await db.execute(sql`
        select count(*) filter (where name = ${DEAD_LETTER_QUEUE} and state in ('created', 'retry')) as dead,
               count(*) filter (where ${inArray(sql`name`, [...MAIL_QUEUES])} and state = 'retry') as mail
        from pgboss.job where state in ('created', 'retry')`),
    );
    return { deadLetters: Number(row?.dead ?? 0), mailRetrying: Number(row?.mail ?? 0) };
  } catch {
    return { deadLetters: 0, mailRetrying: 0 };
  }
}

export interface JobSummary {
  id: string;
  queue: string;
  state: string;
  /** Retries made after the first attempt. */
  retries: number;
  createdAt: Date;
  completedAt: Date | null;
  /** The last error, as the worker reported it (trimmed). */
  error: string | null;
  data: unknown;
}

/**
 * Jobs for `kit jobs list`, newest first: every queue's, or one queue's; `failed`: those that used up their retries
 * (their copies in the dead-letter queue are not listed twice). Empty before the queue has created its tables.
 */
export async function listJobs(db: Database, options: { failed?: boolean; queue?: string; limit?: number }): Promise<JobSummary[]> {
  const filters = [
    options.failed ? sql`state = 'failed' and name <> ${DEAD_LETTER_QUEUE}` : sql`true`,
    options.queue ? sql`name = ${options.queue}` : sql`true`,
  ];
  try {
    const rows = rowsOf<{
      id: string;
      name: string;
      state: string;
      retry_count: number;
      created_on: string | Date;
      completed_on: string | Date | null;
      output: { message?: unknown; value?: { message?: unknown } } | null;
      data: unknown;
    }>(
      await db.execute(sql`
        select id::text, name, state::text, retry_count, created_on, completed_on, output, data from pgboss.job
        where ${sql.join(filters, sql` and `)} order by created_on desc limit ${options.limit ?? 50}`),
    );
    return rows.map((row) => {
      const message = row.output?.message ?? row.output?.value?.message;
      return {
        id: row.id,
        queue: row.name,
        state: row.state,
        retries: row.retry_count,
        createdAt: new Date(row.created_on),
        completedAt: row.completed_on ? new Date(row.completed_on) : null,
        error: typeof message === "string" ? message.slice(0, 300) : null,
        data: row.data,
      };
    });
  } catch (error) {
    if (/pgboss/.test(String((error as Error).message))) return [];
    throw error;
  }
}
