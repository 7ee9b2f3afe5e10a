import { sql } from "drizzle-orm";
import { check, index, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { bytea } from "./auth";
import { id } from "./columns";
import { partnerUsers } from "./partner-users";
import { partners } from "./partners";

export const sessionKinds = ["embed", "portal"] as const;
export type SessionKind = (typeof sessionKinds)[number];

/** App sessions. Only the SHA-256 of the token is stored: a database leak gives no usable session. */
export const sessions = pgTable(
  "sessions",
  {
    id: id(),
    tokenHash: bytea().notNull().unique("sessions_token_hash_key"),
    /**
     * After a reissue, the token it replaced stays valid until `previousValidUntil` (a minute), so the parallel requests of
     * one page that still carry it do not sign the user out.
     */
    previousTokenHash: bytea(),
    previousValidUntil: timestamp({ withTimezone: true }),
    partnerUserId: uuid()
      .notNull()
      .references(() => partnerUsers.id, { onDelete: "cascade" }),
    /** The partner the session acts for: every tenant query is scoped by it. */
    partnerId: uuid()
      .notNull()
      .references(() => partners.id, { onDelete: "cascade" }),
    kind: text({ enum: sessionKinds }).notNull(),
    /** When the person signed in (or Peek opened it): a reissue keeps it, and a portal session ends a set time after it. */
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** When the current token was issued: a portal session's token is replaced once it is a week old. */
    tokenIssuedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    /** The browser's user agent when the session was created, to tell sessions apart in the portal's list. */
    userAgent: text(),
  },
  (t) => [
    index().on(t.partnerId, t.lastSeenAt),
    index().on(t.previousTokenHash),
    index().on(t.partnerUserId),
    index().on(t.expiresAt),
    check("sessions_kind_check", sql`${t.kind} in ('embed', 'portal')`),
  ],
);

export type Session = typeof sessions.$inferSelect;
