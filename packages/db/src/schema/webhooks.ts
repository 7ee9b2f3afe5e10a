import { sql } from "drizzle-orm";
import { check, index, integer, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { id } from "./columns";

/** `stale`: an installation delivery older than one already applied (recorded, not applied). */
export const webhookOutcomes = ["accepted", "rejected", "stale"] as const;
export type WebhookOutcome = (typeof webhookOutcomes)[number];

/**
 * Every authenticated webhook delivery, recorded in the same transaction as what it changes. The dedupe key identifies
 * the event, so a redelivery counts up instead of adding a row.
 */
export const webhookDeliveries = pgTable(
  "webhook_deliveries",
  {
    id: id(),
    /** The webhook kind (the registry of kinds in `@kit/api` says which exist: an app adds its own). */
    kind: text().notNull(),
    dedupeKey: text().notNull().unique("webhook_deliveries_dedupe_key_key"),
    installId: text().notNull(),
    outcome: text({ enum: webhookOutcomes }).notNull(),
    /** Why a delivery was rejected (kept so nothing Peek sent is silently dropped). */
    reason: text(),
    payload: jsonb().notNull(),
    /** When Peek signed the delivery (the token's `iat`; the receipt time when it had none): replays keep the order. */
    eventAt: timestamp({ withTimezone: true }),
    /** The Peek user whose token delivered it, when a user's (never their email); null for Peek's system tokens. */
    actorUserId: text(),
    deliveryCount: integer().notNull().default(1),
    firstReceivedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lastReceivedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index().on(t.installId, t.lastReceivedAt),
    check("webhook_deliveries_outcome_check", sql`${t.outcome} in ('accepted', 'rejected', 'stale')`),
  ],
);

export type WebhookDelivery = typeof webhookDeliveries.$inferSelect;
