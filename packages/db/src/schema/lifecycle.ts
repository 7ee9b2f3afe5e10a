import { sql } from "drizzle-orm";
import { index, jsonb, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { id } from "./columns";
import { partnerUsers } from "./partner-users";
import { partners } from "./partners";

/** The setup steps a partner has done (the steps themselves are declared in code, `@kit/api`'s setup module). */
export const setupSteps = pgTable(
  "setup_steps",
  {
    partnerId: uuid()
      .notNull()
      .references(() => partners.id, { onDelete: "cascade" }),
    stepId: text().notNull(),
    doneAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** The operator who marked it done; null when the app detected it from the partner's data. */
    doneByUserId: uuid().references(() => partnerUsers.id, { onDelete: "set null" }),
  },
  (t) => [primaryKey({ columns: [t.partnerId, t.stepId] })],
);

/** One settings document per partner, validated by the app's settings schema (`@kit/api`'s settings module). */
export const partnerSettings = pgTable("partner_settings", {
  partnerId: uuid()
    .primaryKey()
    .references(() => partners.id, { onDelete: "cascade" }),
  settings: jsonb().$type<Record<string, unknown>>().notNull(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  updatedByUserId: uuid().references(() => partnerUsers.id, { onDelete: "set null" }),
});

/** What operators changed, for a partner's admins to read: who (user id), what, when, and before/after where it helps. */
export const auditLog = pgTable(
  "audit_log",
  {
    id: id(),
    partnerId: uuid()
      .notNull()
      .references(() => partners.id, { onDelete: "cascade" }),
    /** The acting user (never their email: the user row says who, for as long as it exists). */
    actorUserId: uuid(),
    /** `settings.update`, `demo.create`, `setup.complete`, `access.revoke`, … */
    action: text().notNull(),
    /** What it acted on (a record id, a step id, a user id). */
    subject: text(),
    before: jsonb(),
    after: jsonb(),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.partnerId, t.at)],
);

/** The last run of each housekeeping task (the dev dashboard shows them). */
export const housekeepingRuns = pgTable("housekeeping_runs", {
  task: text().primaryKey(),
  ranAt: timestamp({ withTimezone: true }).notNull().default(sql`now()`),
  removed: jsonb().$type<Record<string, number>>().notNull(),
});

export type AuditEntry = typeof auditLog.$inferSelect;
