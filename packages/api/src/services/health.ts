import type { Database } from "@kit/db";
import { partners } from "@kit/db";
import { and, eq, sql } from "drizzle-orm";

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
  notableEvents: { name: string; occurredAt: string }[];
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

/** RAG status for Peek's health probe: red when the database does not answer. */
export async function getHealthStatus(db: Database, timeoutMs = DATABASE_CHECK_TIMEOUT_MS): Promise<HealthStatus> {
  try {
    await withTimeout(db.execute(sql`select 1`), timeoutMs);
  } catch (error) {
    return {
      ragStatus: "red",
      publicMessage: "Service disruption",
      internalMessage: `Database did not answer: ${describeFailure(error)}`,
    };
  }
  return { ragStatus: "green", publicMessage: "Operational", internalMessage: "All systems operational" };
}

/** Partners that count for Peek: real (not test) accounts whose app is currently installed. */
export async function countInstalledPartners(db: Database): Promise<number> {
  return db.$count(
    partners,
    and(eq(partners.isTest, false), sql`${partners.appRegistryInstallation}->>'status' in ('installed', 'update_installed')`),
  );
}

export async function getUsageMetrics(db: Database): Promise<UsageMetrics> {
  const installedPartners = await countInstalledPartners(db);
  // Until sessions record activity, every installed partner counts as active.
  return { activePartners: installedPartners, installedPartners, customMetrics: [], notableEvents: [] };
}
