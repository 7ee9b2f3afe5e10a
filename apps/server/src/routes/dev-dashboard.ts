import { randomBytes } from "node:crypto";
import { type JobQueue, jobStateCounts, listJobs } from "@kit/api";
import { type Database, housekeepingRuns, partners, sessions, webhookDeliveries } from "@kit/db";
import { count, desc, eq, gt, sql } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import { errorBody } from "../plugins/errors";
import { devPageCsp } from "../web/csp";
import { escapeHtml } from "../web/html";
import { serverPage } from "../web/server-page";
import { thisMachineOnly } from "./dev-only";

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
  const failedJobs = await listJobs(db, { failed: true, limit: 20 });
  const housekeeping = await db.select().from(housekeepingRuns).orderBy(housekeepingRuns.task);
  const lifecycle = await db
    .select({
      partner: partners.name,
      installId: partners.appRegistryInstallationRefid,
      installation: sql<string | null>`${partners.appRegistryInstallation}->>'status'`,
      setupStatus: partners.setupStatus,
      uninstalledAt: partners.uninstalledAt,
      purgedAt: partners.purgedAt,
    })
    .from(partners)
    .orderBy(desc(partners.updatedAt))
    .limit(50);
  return {
    deliveries,
    jobs,
    failedJobs: failedJobs.map(({ data: _data, ...job }) => job),
    sessions: liveSessions,
    housekeeping,
    partners: lifecycle,
  };
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
  options: { db: Database; clock: () => Date; stylesheetHref: string | null; jobs: JobQueue; appOrigin: string },
): Promise<void> {
  thisMachineOnly(app);
  // The Retry button's form posts an empty urlencoded body: taken (and nothing of it read) on these routes only.
  app.addContentTypeParser("application/x-www-form-urlencoded", { parseAs: "string", bodyLimit: 1024 }, (_request, _body, done) =>
    done(null, {}),
  );
  // A failed job put back in its queue (what `kit jobs retry` does, for a PGlite database the running app holds).
  app.post<{ Params: { id: string } }>("/dev/jobs/:id/retry", async (request, reply) => {
    if (request.headers.origin !== options.appOrigin)
      return reply.status(403).send(errorBody(request.id, "FORBIDDEN", "Retries are sent from the dashboard only"));
    if (!/^[0-9a-f-]{36}$/.test(request.params.id)) return reply.status(400).send(errorBody(request.id, "BAD_REQUEST", "Not a job id"));
    const retried = await options.jobs.retry({ ids: [request.params.id] });
    if (retried.length === 0) return reply.status(404).send(errorBody(request.id, "NOT_FOUND", "No failed job with this id"));
    return reply.redirect("/dev/dashboard", 303);
  });

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
      "<h2>Failed jobs (retries used up)</h2>",
      data.failedJobs.length === 0
        ? "<p>None.</p>"
        : `<table class="kit-table"><tr>${["failed", "queue", "retries", "error", ""].map((h) => `<th scope="col">${h}</th>`).join("")}</tr>${data.failedJobs
            .map(
              (j) =>
                `<tr><td>${escapeHtml(j.completedAt?.toISOString() ?? "")}</td><td>${escapeHtml(j.queue)}</td><td>${j.retries}</td><td>${escapeHtml(j.error ?? "")}</td>` +
                `<td><form method="post" action="/dev/jobs/${escapeHtml(j.id)}/retry"><button type="submit">Retry</button></form></td></tr>`,
            )
            .join("")}</table>`,
      "<h2>Housekeeping (last run of each task)</h2>",
      table(
        ["task", "ran", "removed"],
        data.housekeeping.map((h) => [
          h.task,
          h.ranAt.toISOString(),
          Object.entries(h.removed)
            .map(([k, n]) => `${k} ${n}`)
            .join(", "),
        ]),
      ),
      "<h2>Partners: installation, setup, retention</h2>",
      table(
        ["partner", "installation", "status", "setup", "uninstalled", "purged"],
        data.partners.map((p) => [
          p.partner,
          p.installId,
          p.installation,
          p.setupStatus,
          p.uninstalledAt?.toISOString() ?? null,
          p.purgedAt?.toISOString() ?? null,
        ]),
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
