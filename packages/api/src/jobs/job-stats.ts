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
