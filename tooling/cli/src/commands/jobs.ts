import { createJobQueue, JOB_NAMES, type JobName, listJobs } from "@kit/api";
import { migrate } from "@kit/db";
import { type Command, type CommandIo, parse, UsageError } from "../cli-args";
import { kitConfig } from "../kit-env";
import { openDatabase } from "../open-database";

const USAGE = `kit jobs list [--failed] [--queue <queue>] [--limit n]   the job queue, newest first (--failed: retries used up)
kit jobs retry <id>...                                   put failed jobs back in their queue (the running app's workers take them)
kit jobs retry --all-failed --queue <queue>              every failed job of a queue

Queues: ${JOB_NAMES.join(", ")}.
With PGlite (no DATABASE_URL), stop the app first: one process at a time opens its directory; the app runs them when it starts.`;

const silent = { info() {}, warn() {}, error() {} };
const isQueue = (name: string): name is JobName => (JOB_NAMES as string[]).includes(name);

/** A job's data as the terminal shows it: email addresses masked, long values cut. */
function summary(data: unknown): string {
  const text = JSON.stringify(data) ?? "";
  const masked = text.replace(/([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*@([A-Za-z0-9.-]+)/g, "$1…@$2");
  return masked.length > 120 ? `${masked.slice(0, 119)}…` : masked;
}

export const jobsCommand: Command = {
  name: "jobs",
  summary: "the job queue: list jobs, retry failed ones (metrics, mail, setup status)",
  usage: USAGE,
  async run(argv, io) {
    const [sub, ...rest] = argv;
    const { values, positionals } = parse(rest, {
      failed: { type: "boolean" },
      queue: { type: "string" },
      limit: { type: "string" },
      "all-failed": { type: "boolean" },
    });
    if (values.queue !== undefined && !isQueue(values.queue)) {
      throw new UsageError(`unknown queue ${values.queue} (queues: ${JOB_NAMES.join(", ")})`);
    }
    if (sub === "list") return list(io, { failed: values.failed ?? false, queue: values.queue, limit: values.limit });
    if (sub !== "retry") throw new UsageError(sub ? `unknown command: kit jobs ${sub}` : "which one: list or retry");
    if (values["all-failed"] ? !values.queue || positionals.length > 0 : positionals.length === 0) {
      throw new UsageError("name the jobs: kit jobs retry <id>... or kit jobs retry --all-failed --queue <queue>");
    }
    const { config } = kitConfig(io);
    const handle = await openDatabase(config);
    const queue = createJobQueue(handle, { logger: silent });
    try {
      await migrate(handle);
      const retried = await queue.retry(values["all-failed"] ? { queue: values.queue as JobName } : { ids: positionals });
      for (const id of retried) io.out(`retrying ${id}`);
      const missed = values["all-failed"] ? [] : positionals.filter((id) => !retried.includes(id));
      for (const id of missed) io.err(`not retried: ${id} is not a failed job (kit jobs list --failed shows them)`);
      if (retried.length === 0 && values["all-failed"]) io.out(`no failed job in ${values.queue}`);
      return missed.length > 0 ? 1 : 0;
    } finally {
      await queue.stop();
      await handle.close();
    }
  },
};

async function list(io: CommandIo, options: { failed: boolean; queue: string | undefined; limit: string | undefined }): Promise<number> {
  const limit = options.limit === undefined ? 50 : Number(options.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new UsageError("--limit must be a whole number from 1 to 1000");
  const { config } = kitConfig(io);
  const handle = await openDatabase(config);
  try {
    const jobs = await listJobs(handle.db, { failed: options.failed, ...(options.queue ? { queue: options.queue } : {}), limit });
    if (jobs.length === 0) {
      io.out(options.failed ? "no failed jobs" : "no jobs");
      return 0;
    }
    for (const job of jobs) {
      io.out(`${job.id}  ${job.queue.padEnd(26)} ${job.state.padEnd(9)} retries ${job.retries}  ${job.createdAt.toISOString()}`);
      io.out(`    ${summary(job.data)}`);
      if (job.error) io.out(`    error: ${job.error}`);
    }
    return 0;
  } finally {
    await handle.close();
  }
}
