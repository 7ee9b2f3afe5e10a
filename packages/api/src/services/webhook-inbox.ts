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

/** Same event, same key: the kind, the installation and the exact body. */
export function dedupeKeyOf(kind: string, installId: string, payload: unknown): string {
  return createHash("sha256")
    .update(`${kind}\n${installId}\n${JSON.stringify(payload)}`)
    .digest("hex");
}

/** Records a delivery in the inbox; a redelivery of the same event counts up on the existing row. */
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
      set: { deliveryCount: sql`${webhookDeliveries.deliveryCount} + 1`, lastReceivedAt: sql`now()` },
    });
}
