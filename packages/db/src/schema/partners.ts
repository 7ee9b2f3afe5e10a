import { sql } from "drizzle-orm";
import { boolean, check, jsonb, pgTable, text, timestamp, unique } from "drizzle-orm/pg-core";
import { id, timestamps } from "./columns";

export const platforms = ["peek", "acme", "cng"] as const;
export type Platform = (typeof platforms)[number];

export const installationStatuses = ["installed", "uninstalled", "update_installed"] as const;

/** Where a partner stands with the app's setup (reported to Peek as the installation's configuration status). */
export const setupStatuses = ["not_started", "in_progress", "complete"] as const;
export type SetupStatus = (typeof setupStatuses)[number];
export type InstallationStatus = (typeof installationStatuses)[number];

/** The latest installation state the App Registry told us about (events carry state, not change). */
export interface AppRegistryInstallation {
  status: InstallationStatus;
  display_version: string;
  install_id: string;
}

/** Registry 2.0 cross-brand API configuration; `url` is only trusted after an allowlist check. */
export interface ApiConfig {
  url: string | null;
}

export const partners = pgTable(
  "partners",
  {
    id: id(),
    name: text().notNull(),
    /** Peek account id: an opaque string, not a UUID. */
    externalRefid: text().notNull(),
    platform: text({ enum: platforms }).notNull().default("peek"),
    /** App Registry installation id (`sub` of Peek's tokens): an opaque string. */
    appRegistryInstallationRefid: text().unique("partners_app_registry_installation_refid_key"),
    appRegistryInstallation: jsonb().$type<AppRegistryInstallation>(),
    /** The installation ids the partner had before a reinstall gave it a new one: the inbox keeps rows under them too. */
    previousInstallIds: text().array().notNull().default(sql`'{}'::text[]`),
    isTest: boolean().notNull().default(false),
    /** IANA zone name; the registry does not always send one. */
    timezone: text(),
    apiConfig: jsonb().$type<ApiConfig>(),
    /**
     * When Peek signed the last installation delivery applied to this partner (its token's `iat`, the only event time
     * Peek sends): an older delivery arriving later is recorded as stale and not applied.
     */
    lifecycleEventAt: timestamp({ withTimezone: true }),
    /** When the app was uninstalled (null while installed): the retention clock runs from here. */
    uninstalledAt: timestamp({ withTimezone: true }),
    /**
     * When the partner's data was deleted after the retention period. The row stays as a tombstone: ids, dates, what was
     * deleted (`purgeCounts`) and `lifecycleEventAt`, so a late delivery is still ordered and answered.
     */
    purgedAt: timestamp({ withTimezone: true }),
    purgeCounts: jsonb().$type<Record<string, number>>(),
    /** The setup status last computed, and the last one reported to Peek (`configuration_status`). */
    setupStatus: text({ enum: setupStatuses }).notNull().default("not_started"),
    ...timestamps(),
  },
  (t) => [
    unique("partners_external_refid_platform_key").on(t.externalRefid, t.platform),
    check("partners_platform_check", sql`${t.platform} in ('peek', 'acme', 'cng')`),
    check("partners_setup_status_check", sql`${t.setupStatus} in ('not_started', 'in_progress', 'complete')`),
  ],
);

export type Partner = typeof partners.$inferSelect;
export type NewPartner = typeof partners.$inferInsert;
