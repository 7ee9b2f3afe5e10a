import { randomBytes } from "node:crypto";
import { jobStateCounts } from "@kit/api";
import { type Database, partners, sessions, webhookDeliveries } from "@kit/db";
import { count, desc, eq, gt } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import { devPageCsp } from "../web/csp";
import { escapeHtml } from "../web/html";
import { serverPage } from "../web/server-page";

/** What the dashboard shows: the inbox's latest deliveries, jobs by queue and state, live sessions per partner. */
export async function dashboardData(db: Database, now: Date) {
  const deliveries = await db
    .select({
      id: webhookDeliveries.id,
      kind: webhookDeliveries.kind,
      installId: webhookDeliveries.installId,
      outcome: webhookDeliveries.outcome,
      reason: webhookDeliveries.reason,
      deliveryCount: webhookDeliveries.deliveryCount,
      lastReceivedAt: webhookDeliveries.lastReceivedAt,
    })
    .from(webhookDeliveries)
    .orderBy(desc(webhookDeliveries.lastReceivedAt))
    .limit(50);
  const jobs = await jobStateCounts(db);
  const liveSessions = await db
    .select({ partner: partners.name, sessions: count() })
    .from(sessions)
    .innerJoin(partners, eq(partners.id, sessions.partnerId))
    .where(gt(sessions.expiresAt, now))
    .groupBy(partners.name)
    .orderBy(desc(count()));
  return { deliveries, jobs, sessions: liveSessions };
}

const table = (headers: string[], rows: (string | number | null)[][]) =>
  rows.length === 0
    ? "<p>None.</p>"
    : `<table class="kit-table"><tr>${headers.map((h) => `<th scope="col">${h}</th>`).join("")}</tr>${rows
        .map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(c === null ? "—" : String(c))}</td>`).join("")}</tr>`)
        .join("")}</table>`;

/**
 * Development only (the original's LiveDashboard): recent webhook deliveries with their outcome, background jobs by
 * state, live sessions per partner — as a page and as JSON. Not registered in production.
 */
export async function devDashboardRoutes(
  app: FastifyInstance,
  options: { db: Database; clock: () => Date; stylesheetHref: string | null },
): Promise<void> {
  app.get("/dev/dashboard.json", async (_request, reply) => reply.send(await dashboardData(options.db, options.clock())));

  app.get("/dev/dashboard", async (_request, reply) => {
    const data = await dashboardData(options.db, options.clock());
    const body = [
      "<h1>Dev dashboard</h1>",
      "<h2>Webhook deliveries (latest 50)</h2>",
      table(
        ["received", "kind", "installation", "outcome", "reason", "deliveries", "id"],
        data.deliveries.map((d) => [d.lastReceivedAt.toISOString(), d.kind, d.installId, d.outcome, d.reason, d.deliveryCount, d.id]),
      ),
      "<h2>Background jobs</h2>",
      table(
        ["queue", "state", "jobs"],
        data.jobs.map((j) => [j.name, j.state, j.count]),
      ),
      "<h2>Live sessions per partner</h2>",
      table(
        ["partner", "sessions"],
        data.sessions.map((s) => [s.partner, s.sessions]),
      ),
    ].join("\n");
    const nonce = randomBytes(16).toString("base64");
    return reply
      .header("content-type", "text/html; charset=utf-8")
      .header("content-security-policy", devPageCsp(nonce))
      .send(serverPage({ title: "Dev dashboard", lang: "en", nonce, stylesheetHref: options.stylesheetHref, layout: "document", body }));
  });
}
