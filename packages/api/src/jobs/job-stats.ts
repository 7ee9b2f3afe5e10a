import { type Database, rowsOf } from "@kit/db";
import { sql } from "drizzle-orm";

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
