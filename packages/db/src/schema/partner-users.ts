import { sql } from "drizzle-orm";
import { boolean, check, index, pgTable, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";
import { id, timestamps } from "./columns";
import { partners } from "./partners";

export const partnerUsers = pgTable(
  "partner_users",
  {
    id: id(),
    /**
     * Stored normalised (trimmed, lower-case) and checked so whatever writes the row: the plain unique key is then
     * case-insensitive, and `ON CONFLICT (email)` can target it.
     */
    email: text().notNull().unique("partner_users_email_key"),
    name: text(),
    confirmedAt: timestamp({ withTimezone: true }),
    ...timestamps(),
  },
  (t) => [check("partner_users_email_normalised_check", sql`${t.email} = lower(btrim(${t.email}))`)],
);

export const partnerUserConnections = pgTable(
  "partner_user_connections",
  {
    id: id(),
    partnerId: uuid()
      .notNull()
      .references(() => partners.id, { onDelete: "cascade" }),
    partnerUserId: uuid()
      .notNull()
      .references(() => partnerUsers.id, { onDelete: "cascade" }),
    /** The `is_admin` claim Peek last sent for this person at this partner (their token inside Peek Pro). */
    isAdmin: boolean().notNull().default(false),
    /**
     * An admin of the partner removed this person's portal access (their portal sessions for the partner were revoked):
     * the portal no longer lets them act for it. Inside Peek Pro, Peek decides who opens the app.
     */
    portalAccessRevokedAt: timestamp({ withTimezone: true }),
    ...timestamps(),
  },
  (t) => [unique("partner_user_connections_partner_id_partner_user_id_key").on(t.partnerId, t.partnerUserId), index().on(t.partnerUserId)],
);

export type PartnerUser = typeof partnerUsers.$inferSelect;
export type PartnerUserConnection = typeof partnerUserConnections.$inferSelect;
