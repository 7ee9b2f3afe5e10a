import { sql } from "drizzle-orm";
import { check, index, pgTable, text, timestamp, unique, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { id, timestamps } from "./columns";
import { partners } from "./partners";

export const partnerUsers = pgTable(
  "partner_users",
  {
    id: id(),
    /** Stored normalised (trimmed, lower-case); the check and the index keep it that way whatever writes the row. */
    email: text().notNull(),
    name: text(),
    confirmedAt: timestamp({ withTimezone: true }),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex("partner_users_email_lower_key").on(sql`lower(${t.email})`),
    check("partner_users_email_normalised_check", sql`${t.email} = lower(btrim(${t.email}))`),
  ],
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
