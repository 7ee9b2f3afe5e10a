import { createJobQueue, type Logger } from "@kit/api";
import { webhookDeliveries } from "@kit/db";
import { processBookingDelivery, processInstallationDelivery } from "@kit/server/webhooks";
import { desc, eq } from "drizzle-orm";
import { type Command, type CommandIo, parse, UsageError } from "../cli-args";
import { kitConfig } from "../kit-env";
import { openDatabase } from "../open-database";

const USAGE = `kit webhooks list [--rejected] [--limit 20]   the latest deliveries in the inbox
kit webhooks replay <id> [--force]              re-process a delivery (a rejected one; --force for an accepted one)`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const webhooksCommand: Command = {
  name: "webhooks",
  summary: "the webhook inbox: list deliveries, replay a rejected one through the same code as the route",
  usage: USAGE,
  async run(argv, io) {
    const [sub, ...rest] = argv;
    if (sub !== "list" && sub !== "replay") throw new UsageError(sub ? `unknown command: kit webhooks ${sub}` : "list or replay?");
    const { values, positionals } = parse(rest, { rejected: { type: "boolean" }, limit: { type: "string" }, force: { type: "boolean" } });
    const { config } = kitConfig(io);
    const handle = await openDatabase(config);
    try {
      if (sub === "list") {
        const limit = Number(values.limit ?? 20);
        if (!Number.isInteger(limit) || limit < 1 || limit > 500) throw new UsageError("--limit is 1 to 500");
        const rows = await handle.db
          .select()
          .from(webhookDeliveries)
          .where(values.rejected ? eq(webhookDeliveries.outcome, "rejected") : undefined)
          .orderBy(desc(webhookDeliveries.lastReceivedAt))
          .limit(limit);
        if (rows.length === 0) io.out("no deliveries");
        for (const r of rows) {
          io.out(
            `${r.id}  ${r.lastReceivedAt.toISOString()}  ${r.kind.padEnd(12)} ${r.outcome.padEnd(8)} ${r.installId}${r.reason ? `  (${r.reason})` : ""}`,
          );
        }
        return 0;
      }
      const id = positionals[0];
      if (!id || !UUID.test(id)) throw new UsageError("give the delivery's id (kit webhooks list shows them)");
      const [delivery] = await handle.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, id));
      if (!delivery) throw new Error(`no delivery ${id}`);
      if (delivery.outcome === "accepted" && !values.force) {
        throw new Error(`delivery ${id} was accepted already; --force applies it again (it is idempotent)`);
      }
      const jobs = createJobQueue(handle, { logger: cliLogger(io) });
      try {
        // Started before the delivery's transaction (no workers here: the server runs the follow-up jobs). On PGlite
        // the queue shares the one connection, so starting it inside the transaction would wait on itself.
        await jobs.start({});
        const deps = { db: handle.db, jobs, clock: () => new Date(), logger: cliLogger(io) };
        const result =
          delivery.kind === "installation"
            ? await processInstallationDelivery(deps, delivery.installId, delivery.payload)
            : await processBookingDelivery(deps, delivery.installId, delivery.payload);
        const message = "text" in result ? result.text : `${result.error.code}: ${result.error.message}`;
        io.out(`replayed ${delivery.kind} delivery ${id} for ${delivery.installId}: ${result.status} ${message}`);
        return result.status < 300 ? 0 : 1;
      } finally {
        await jobs.stop();
      }
    } finally {
      await handle.close();
    }
  },
};

function cliLogger(io: CommandIo): Logger {
  const line = (level: string) => (obj: object, message?: string) => {
    if (level !== "info") io.err(`${level}: ${message ?? ""} ${JSON.stringify(obj)}`);
  };
  return { info: line("info"), warn: line("warn"), error: line("error") };
}
