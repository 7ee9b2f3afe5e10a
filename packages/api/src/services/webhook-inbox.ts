import { createHash } from "node:crypto";
import { type Transaction, type WebhookOutcome, webhookDeliveries } from "@kit/db";
import { type SQL, sql } from "drizzle-orm";
import { type StatementValues, valuesOf } from "./prepared";

export interface DeliveryRecord {
  kind: string;
  installId: string;
  payload: unknown;
  /** The outcome, or an SQL expression deciding it inside the statement (applied or stale, known only there). */
  outcome: WebhookOutcome | SQL;
  reason?: string;
  /** When Peek signed the delivery (or received, when the token had no `iat`). */
  eventAt: Date;
  /** The Peek user whose token delivered it (never their email); null for a system token. */
  actorUserId?: string | null;
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

/** Sorted keys, no whitespace. Bodies are bounded in depth before they get here (the JSON parser's limits). */
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

/** What changes from one delivery to the next in {@link deliveryInsertOf}, by name. */
export type DeliveryValue =
  | "delivery.key"
  | "delivery.installId"
  | "delivery.reason"
  | "delivery.payload"
  | "delivery.eventAt"
  | "delivery.actorUserId";

/** A delivery's values for {@link deliveryInsertOf}. */
export function deliveryValues(record: Omit<DeliveryRecord, "outcome">): Record<DeliveryValue, unknown> {
  return {
    "delivery.key": dedupeKeyOf(record.kind, record.installId, record.payload),
    "delivery.installId": record.installId,
    "delivery.reason": record.reason ?? null,
    "delivery.payload": JSON.stringify(record.payload),
    "delivery.eventAt": record.eventAt.toISOString(),
    "delivery.actorUserId": record.actorUserId ?? null,
  };
}

/**
 * The inbox upsert as one SQL statement: a row for each row of `from` (a CTE of the statement it is part of, by name, so
 * a webhook records its delivery only when what it applies exists; or a whole `from` clause's tables), or exactly one row
 * without it. A redelivery of the same event counts up on the existing row and takes its outcome (a delivery rejected
 * once and accepted on replay reads accepted), except that a stale copy of an event already applied leaves it accepted.
 * The kind and the outcome are part of the statement; the rest are `value`s (a delivery's own, or a prepared
 * statement's placeholders: `services/prepared.ts`).
 */
export function deliveryInsertOf(
  kind: string,
  outcome: WebhookOutcome | SQL,
  value: StatementValues<DeliveryValue>,
  from?: string | SQL,
): SQL {
  return sql`insert into ${webhookDeliveries} (kind, dedupe_key, install_id, outcome, reason, payload, event_at, actor_user_id)
    select ${kind}, ${value("delivery.key")}, ${value("delivery.installId")}, ${outcome}, ${value("delivery.reason")}, ${value("delivery.payload")}::jsonb,
      ${value("delivery.eventAt")}::timestamptz, ${value("delivery.actorUserId")}
    ${from === undefined ? sql`` : sql`from ${typeof from === "string" ? sql.identifier(from) : from}`}
    on conflict (dedupe_key) do update set
      delivery_count = ${webhookDeliveries}.delivery_count + 1,
      last_received_at = now(),
      outcome = case when excluded.outcome = 'stale' and ${webhookDeliveries}.outcome = 'accepted' then 'accepted' else excluded.outcome end,
      reason = case when excluded.outcome = 'stale' and ${webhookDeliveries}.outcome = 'accepted' then ${webhookDeliveries}.reason else excluded.reason end
    returning dedupe_key, delivery_count`;
}

/** {@link deliveryInsertOf} for one delivery, its values in the statement. */
export function deliveryInsert(record: DeliveryRecord, fromCte?: string): SQL {
  return deliveryInsertOf(record.kind, record.outcome, valuesOf(deliveryValues(record)), fromCte);
}

/** Records a delivery in the inbox, inside the caller's transaction. */
export async function recordDelivery(tx: Pick<Transaction, "execute">, record: DeliveryRecord): Promise<void> {
  await tx.execute(deliveryInsert(record));
}
