import { createJobQueue, type Logger, webhookKind } from "@kit/api";
import { webhookDeliveries } from "@kit/db";
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
        const kind = webhookKind(delivery.kind);
        if (!kind) throw new Error(`delivery ${id} is of kind ${delivery.kind}, which this app no longer handles`);
        const deps = {
          db: handle.db,
          jobs,
          clock: () => new Date(),
          logger: cliLogger(io),
          userTokens: config.peek.webhookUserTokens,
          fullCustomerAccess: config.peek.fullCustomerAccess,
        };
        // The delivery as it arrived: its installation, its time, and — for a user's token — that it was a user's
        // (an admin's, or it would not have been recorded), so a replay follows the rules the delivery did.
        const token = {
          installId: delivery.installId,
          issuedAt: delivery.eventAt ?? delivery.firstReceivedAt,
          user: delivery.actorUserId
            ? { id: delivery.actorUserId, email: null, name: null, isAdmin: true, primaryRole: null, locale: null }
            : null,
        };
        const result = await kind.process(deps, token, delivery.payload);
        const message = result.ok ? `200 ${result.message}` : `${result.status} ${result.code}: ${result.message}`;
        io.out(`replayed ${delivery.kind} delivery ${id} for ${delivery.installId}: ${message}`);
        return result.ok ? 0 : 1;
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
