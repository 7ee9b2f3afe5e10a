import { customType, index, integer, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { id } from "./columns";
import { partnerUsers } from "./partner-users";

export const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => "bytea",
  fromDriver: (value) => Buffer.from(value),
});

/**
 * Magic-link tokens of the portal sign-in. Only the SHA-256 is stored; a token is bound to the address it was sent to,
 * expires after 15 minutes and is consumed once.
 */
export const loginTokens = pgTable(
  "login_tokens",
  {
    id: id(),
    tokenHash: bytea().notNull().unique("login_tokens_token_hash_key"),
    partnerUserId: uuid()
      .notNull()
      .references(() => partnerUsers.id, { onDelete: "cascade" }),
    /** The address the link went to: a user whose email changed since cannot use it. */
    sentTo: text().notNull(),
    /** An internal path to land on after signing in (validated before it is stored). */
    returnTo: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    consumedAt: timestamp({ withTimezone: true }),
  },
  (t) => [index().on(t.partnerUserId), index().on(t.expiresAt)],
);

/** Fixed-window counters shared by every instance of the app (rate limits live in the database, not in memory). */
export const rateLimits = pgTable(
  "rate_limits",
  {
    key: text().notNull(),
    windowStart: timestamp({ withTimezone: true }).notNull(),
    count: integer().notNull().default(0),
  },
  (t) => [primaryKey({ name: "rate_limits_pkey", columns: [t.key, t.windowStart] }), index().on(t.windowStart)],
);

/** Outside production, mail is delivered here and shown at /dev/mailbox instead of going out. */
export const devMailbox = pgTable("dev_mailbox", {
  id: id(),
  to: text().notNull(),
  subject: text().notNull(),
  text: text().notNull(),
  html: text().notNull(),
  sentAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

export type LoginToken = typeof loginTokens.$inferSelect;
export type DevMail = typeof devMailbox.$inferSelect;
