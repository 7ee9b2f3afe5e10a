import { sql } from "drizzle-orm";
import { check, index, pgTable, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";
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
    ...timestamps(),
  },
  (t) => [unique("partner_user_connections_partner_id_partner_user_id_key").on(t.partnerId, t.partnerUserId), index().on(t.partnerUserId)],
);

export type PartnerUser = typeof partnerUsers.$inferSelect;
export type PartnerUserConnection = typeof partnerUserConnections.$inferSelect;
