import { createHash } from "node:crypto";
import { type Transaction, webhookDeliveries } from "@kit/db";
import { sql } from "drizzle-orm";

export interface DeliveryRecord {
  kind: "installation" | "booking";
  installId: string;
  payload: unknown;
  outcome: "accepted" | "rejected";
  reason?: string;
}

/**
 * Same event, same key: the kind, the installation and the body's content. Keys are sorted first, so the payload read
 * back from `jsonb` (which reorders keys) gives the key it was stored under — what a replay needs.
 */
export function dedupeKeyOf(kind: string, installId: string, payload: unknown): string {
  return createHash("sha256")
    .update(`${kind}\n${installId}\n${canonicalJson(payload)}`)
    .digest("hex");
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.keys(value)
      .sort()
      .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
      .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`);
    return `{${entries.join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/** Records a delivery in the inbox; a redelivery of the same event counts up on the existing row and takes its outcome. */
export async function recordDelivery(tx: Pick<Transaction, "insert">, record: DeliveryRecord): Promise<void> {
  await tx
    .insert(webhookDeliveries)
    .values({
      kind: record.kind,
      dedupeKey: dedupeKeyOf(record.kind, record.installId, record.payload),
      installId: record.installId,
      outcome: record.outcome,
      reason: record.reason ?? null,
      payload: record.payload as object,
    })
    .onConflictDoUpdate({
      target: webhookDeliveries.dedupeKey,
      // The row tells the latest processing: a delivery rejected once and accepted on replay reads accepted.
      set: {
        deliveryCount: sql`${webhookDeliveries.deliveryCount} + 1`,
        lastReceivedAt: sql`now()`,
        outcome: sql`excluded.outcome`,
        reason: sql`excluded.reason`,
      },
    });
}
