import { sql } from "drizzle-orm";
import { check, index, integer, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { id } from "./columns";

export const webhookKinds = ["installation", "booking"] as const;
export const webhookOutcomes = ["accepted", "rejected"] as const;

/**
 * Every authenticated webhook delivery, recorded in the same transaction as what it changes. The dedupe key identifies
 * the event, so a redelivery counts up instead of adding a row.
 */
export const webhookDeliveries = pgTable(
  "webhook_deliveries",
  {
    id: id(),
    kind: text({ enum: webhookKinds }).notNull(),
    dedupeKey: text().notNull().unique("webhook_deliveries_dedupe_key_key"),
    installId: text().notNull(),
    outcome: text({ enum: webhookOutcomes }).notNull(),
    /** Why a delivery was rejected (kept so nothing Peek sent is silently dropped). */
    reason: text(),
    payload: jsonb().notNull(),
    deliveryCount: integer().notNull().default(1),
    firstReceivedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lastReceivedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index().on(t.installId, t.lastReceivedAt),
    check("webhook_deliveries_kind_check", sql`${t.kind} in ('installation', 'booking')`),
    check("webhook_deliveries_outcome_check", sql`${t.outcome} in ('accepted', 'rejected')`),
  ],
);

export type WebhookDelivery = typeof webhookDeliveries.$inferSelect;
