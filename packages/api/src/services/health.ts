import type { Database, InstallationStatus } from "@kit/db";
import { partners, sessions, webhookDeliveries } from "@kit/db";
import { and, desc, eq, exists, gt, inArray, sql } from "drizzle-orm";
import { jobHealthCounts } from "../jobs/job-stats";
import { computeCustomMetrics } from "../lifecycle/usage-metrics";
import { INSTALLED_STATUSES } from "./partners";

export type RagStatus = "green" | "amber" | "red";

export interface HealthStatus {
  ragStatus: RagStatus;
  publicMessage: string;
  internalMessage: string;
}

export interface UsageMetrics {
  activePartners: number;
  installedPartners: number;
  customMetrics: { name: string; value: number }[];
  notableEvents: NotableEvent[];
}

export interface NotableEvent {
  type: "install" | "uninstall";
  partner: string;
  at: string;
}

export const DATABASE_CHECK_TIMEOUT_MS = 2_000;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Names the failure without echoing driver messages that may carry hosts or credentials. */
function describeFailure(error: unknown): string {
  if (error instanceof Error && error.message.startsWith("no answer within")) return error.message;
  const code = (error as { code?: unknown; cause?: { code?: unknown } })?.code ?? (error as { cause?: { code?: unknown } })?.cause?.code;
  return typeof code === "string" ? `query failed (${code})` : "query failed";
}

/** Resolves when the database answers a trivial query within `timeoutMs`; rejects otherwise (health and readiness). */
export function pingDatabase(db: Database, timeoutMs = DATABASE_CHECK_TIMEOUT_MS): Promise<unknown> {
  return withTimeout(db.execute(sql`select 1`), timeoutMs);
}

/** RAG status for Peek's health probe: red when the database does not answer, amber when jobs are dead-lettered. */
export async function getHealthStatus(db: Database, timeoutMs = DATABASE_CHECK_TIMEOUT_MS): Promise<HealthStatus> {
  try {
    await pingDatabase(db, timeoutMs);
  } catch (error) {
    return {
      ragStatus: "red",
      publicMessage: "Service disruption",
      internalMessage: `Database did not answer: ${describeFailure(error)}`,
    };
  }
  const { deadLetters, mailRetrying } = await jobHealthCounts(db);
  if (deadLetters > 0 || mailRetrying > 0) {
    const problems = [
      ...(deadLetters > 0 ? [`${deadLetters} background job(s) failed after every retry (dead-letter queue)`] : []),
      ...(mailRetrying > 0 ? [`mail is failing: ${mailRetrying} message(s) waiting to be retried`] : []),
    ];
    return { ragStatus: "amber", publicMessage: "Operational", internalMessage: problems.join("; ") };
  }
  return { ragStatus: "green", publicMessage: "Operational", internalMessage: "All systems operational" };
}

const installedRealPartner = and(
  eq(partners.isTest, false),
  inArray(sql`${partners.appRegistryInstallation}->>'status'`, [...INSTALLED_STATUSES]),
);

/** Partners that count for Peek: real (not test) accounts whose app is currently installed. */
export async function countInstalledPartners(db: Database): Promise<number> {
  return db.$count(partners, installedRealPartner);
}

const NOTABLE_WINDOW_MS = 24 * 60 * 60 * 1000;

/** Installs and uninstalls of the last 24 hours, newest first, from the webhook inbox. */
/** The installation changes the status page tells about. */
const NOTABLE_STATUSES: InstallationStatus[] = ["installed", "uninstalled"];

export async function recentInstallationEvents(db: Database, now: Date): Promise<NotableEvent[]> {
  const status = sql<string>`${webhookDeliveries.payload}->>'status'`;
  const rows = await db
    .select({ status, partner: sql<string>`${webhookDeliveries.payload}->'account'->>'name'`, at: webhookDeliveries.lastReceivedAt })
    .from(webhookDeliveries)
    .where(
      and(
        eq(webhookDeliveries.kind, "installation"),
        eq(webhookDeliveries.outcome, "accepted"),
        inArray(status, NOTABLE_STATUSES),
        gt(webhookDeliveries.lastReceivedAt, new Date(now.getTime() - NOTABLE_WINDOW_MS)),
      ),
    )
    .orderBy(desc(webhookDeliveries.lastReceivedAt))
    .limit(100);
  return rows.map((row) => ({
    type: row.status === "installed" ? "install" : "uninstall",
    partner: row.partner,
    at: row.at.toISOString(),
  }));
}

const ACTIVE_WINDOW_MS = 30 * 24 * 60 * 60 * 1000;

/** Installed, real partners with a session seen in the last 30 days. */
export async function countActivePartners(db: Database, now: Date): Promise<number> {
  const since = new Date(now.getTime() - ACTIVE_WINDOW_MS);
  return db.$count(
    partners,
    and(
      installedRealPartner,
      exists(
        db
          .select({ one: sql`1` })
          .from(sessions)
          .where(and(eq(sessions.partnerId, partners.id), gt(sessions.lastSeenAt, since))),
      ),
    ),
  );
}

/**
 * Usage for Peek's probe. Anyone may read the counts; the notable events name partners (customers of the app), so
 * they are listed only for a caller with a credential (`METRICS_TOKEN`, or an internal service token).
 */
export async function getUsageMetrics(db: Database, now: Date, options: { withNames: boolean }): Promise<UsageMetrics> {
  const [activePartners, installedPartners, customMetrics, notableEvents] = await Promise.all([
    countActivePartners(db, now),
    countInstalledPartners(db),
    computeCustomMetrics(db, now),
    options.withNames ? recentInstallationEvents(db, now) : Promise.resolve([]),
  ]);
  return { activePartners, installedPartners, customMetrics, notableEvents };
}
