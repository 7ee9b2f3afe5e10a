import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  date,
  doublePrecision,
  index,
  integer,
  numeric,
  pgTable,
  text,
  time,
  timestamp,
  unique,
  uuid,
} from "drizzle-orm/pg-core";
import { id, timestamps } from "./columns";
import { partners } from "./partners";

export const demoStatuses = ["draft", "published", "archived"] as const;
export type DemoStatus = (typeof demoStatuses)[number];

/** One column of every type the original demo had, owned by one partner. */
export const demoRecords = pgTable(
  "demo_records",
  {
    id: id(),
    partnerId: uuid()
      .notNull()
      .references(() => partners.id, { onDelete: "cascade" }),
    name: text().notNull(),
    description: text(),
    count: integer(),
    rating: doublePrecision(),
    /** Exact decimal: read and written as a string so no float rounding happens on the way. */
    price: numeric(),
    active: boolean().notNull().default(false),
    tags: text().array(),
    publishedOn: date({ mode: "string" }),
    alarmTime: time(),
    naiveEventAt: timestamp({ withTimezone: false, mode: "string" }),
    status: text({ enum: demoStatuses }).notNull().default("draft"),
    ...timestamps(),
  },
  (t) => [
    unique("demo_records_partner_id_name_key").on(t.partnerId, t.name),
    index().on(t.partnerId, t.createdAt),
    check("demo_records_status_check", sql`${t.status} in ('draft', 'published', 'archived')`),
  ],
);

export type DemoRecord = typeof demoRecords.$inferSelect;
export type NewDemoRecord = typeof demoRecords.$inferInsert;
