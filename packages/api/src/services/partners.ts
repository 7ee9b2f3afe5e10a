import {
  type AppRegistryInstallation,
  type Database,
  type InstallationStatus,
  type Partner,
  type PartnerUser,
  type Platform,
  partners,
  partnerUserConnections,
  partnerUsers,
} from "@kit/db";
import { emailSchema } from "@kit/db/validators";
import type { AccountUser } from "@kit/peek";
import { and, eq, isNull, lt, or, sql } from "drizzle-orm";
import { violatedUniqueConstraint } from "./pg-errors";
import { preparedPer, type StatementValues, valuesOf } from "./prepared";

/** What one installation webhook says about an installation: the whole current state. */
export interface InstallationSnapshot {
  installId: string;
  accountId: string;
  name: string;
  platform: Platform;
  isTest: boolean;
  installation: AppRegistryInstallation;
  /** Absent values keep what was stored: no other source ever tells us them. */
  timezone: string | null;
  apiUrl: string | null;
  /** When Peek signed the delivery that carried it: the partner remembers the latest one applied. */
  eventAt: Date;
}

export type Executor = Pick<Database, "insert" | "update" | "select" | "transaction">;

const MAX_ATTEMPTS = 3;

const apiConfigOf = (snapshot: InstallationSnapshot) => (snapshot.apiUrl ? { url: snapshot.apiUrl } : null);

/** The snapshot gives no API address: the partner keeps the stored one. */
export const keepsStoredApiConfig = (snapshot: InstallationSnapshot) => apiConfigOf(snapshot) === null;

/** What a snapshot says of its partner, by name: the account it names ({@link sameAccountAs}) and what it overwrites ({@link installationOverwriteOf}). */
export type OverwriteValue =
  | "partner.accountId"
  | "partner.name"
  | "partner.platform"
  | "partner.isTest"
  | "partner.installation"
  | "partner.timezone"
  | "partner.apiConfig"
  | "partner.eventAt"
  | "partner.updatedAt";

/** A snapshot's values for {@link installationOverwriteOf}. */
export function overwriteValues(snapshot: InstallationSnapshot): Record<OverwriteValue, unknown> {
  return {
    "partner.accountId": snapshot.accountId,
    "partner.name": snapshot.name,
    "partner.platform": snapshot.platform,
    "partner.isTest": snapshot.isTest,
    "partner.installation": snapshot.installation,
    "partner.timezone": snapshot.timezone,
    "partner.apiConfig": apiConfigOf(snapshot),
    "partner.eventAt": snapshot.eventAt,
    "partner.updatedAt": new Date(),
  };
}

/**
 * The partner is the account the snapshot names (its id on its platform): an installation belongs to one account, and
 * a delivery that names another for it is refused, never applied to either.
 */
export function sameAccountAs(value: StatementValues<OverwriteValue>) {
  return sql`${partners.externalRefid} = ${value("partner.accountId")} and ${partners.platform} = ${value("partner.platform")}`;
}

/**
 * What an installation snapshot overwrites on an existing partner: everything it says, except that absent values keep
 * what was stored (no other source ever tells us them). The installation and account keys (id and platform) are not
 * touched. Each value
 * is a snapshot's own or a prepared statement's placeholder (`services/prepared.ts`): Drizzle encodes it by its column
 * either way (a placeholder when the statement is run). `keepApiConfig`: see {@link keepsStoredApiConfig}.
 */
export function installationOverwriteOf(value: StatementValues<OverwriteValue>, keepApiConfig: boolean) {
  return {
    name: value("partner.name") as string,
    isTest: value("partner.isTest") as boolean,
    appRegistryInstallation: value("partner.installation") as AppRegistryInstallation,
    timezone: sql`coalesce(${value("partner.timezone")}, ${partners.timezone})`,
    apiConfig: keepApiConfig ? sql`${partners.apiConfig}` : (value("partner.apiConfig") as { url: string }),
    lifecycleEventAt: value("partner.eventAt") as Date,
    updatedAt: value("partner.updatedAt") as Date,
  };
}

/** {@link installationOverwriteOf} for one snapshot, its values in the statement. */
export function installationOverwrite(snapshot: InstallationSnapshot) {
  return installationOverwriteOf(valuesOf(overwriteValues(snapshot)), keepsStoredApiConfig(snapshot));
}

/**
 * Upserts the partner of an installation from a full snapshot. Keyed by installation id (`ON CONFLICT`); a reinstall
 * (same account and platform, new installation id) re-links the existing partner. The two unique keys cannot share one
 * conflict target, so a race on the account key is caught inside a savepoint and retried.
 */
export async function upsertPartnerForInstallation(db: Executor, snapshot: InstallationSnapshot): Promise<Partner> {
  const values = {
    name: snapshot.name,
    externalRefid: snapshot.accountId,
    platform: snapshot.platform,
    appRegistryInstallationRefid: snapshot.installId,
    appRegistryInstallation: snapshot.installation,
    isTest: snapshot.isTest,
    timezone: snapshot.timezone,
    apiConfig: apiConfigOf(snapshot),
    lifecycleEventAt: snapshot.eventAt,
  };
  const overwrite = installationOverwrite(snapshot);

  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction(async (savepoint) => {
        const [row] = await savepoint
          .insert(partners)
          .values(values)
          .onConflictDoUpdate({ target: partners.appRegistryInstallationRefid, set: overwrite })
          .returning();
        return row as Partner;
      });
    } catch (error) {
      const constraint = violatedUniqueConstraint(error);
      if (constraint === null || attempt >= MAX_ATTEMPTS) throw error;
      if (constraint !== "partners_external_refid_platform_key") continue;
    }
    // Reinstall: the account already has a partner on this platform under an older installation id.
    try {
      const relinked = await db.transaction(async (savepoint) =>
        savepoint
          .update(partners)
          .set({
            ...overwrite,
            appRegistryInstallationRefid: snapshot.installId,
            // The id it replaces is kept: the inbox holds deliveries under it, which an export or a purge must find.
            previousInstallIds: sql`case when ${partners.appRegistryInstallationRefid} is null
              or ${partners.appRegistryInstallationRefid} = any(${partners.previousInstallIds}) then ${partners.previousInstallIds}
              else array_append(${partners.previousInstallIds}, ${partners.appRegistryInstallationRefid}) end`,
          })
          .where(and(eq(partners.externalRefid, snapshot.accountId), eq(partners.platform, snapshot.platform)))
          .returning(),
      );
      if (relinked[0]) return relinked[0];
    } catch (error) {
      if (violatedUniqueConstraint(error) === null || attempt >= MAX_ATTEMPTS) throw error;
    }
  }
}

/** Every webhook and widget call looks its partner up by installation: a prepared statement per database. */
const byInstallId = preparedPer((db: Pick<Database, "select">) =>
  db
    .select()
    .from(partners)
    .where(eq(partners.appRegistryInstallationRefid, sql.placeholder("installId")))
    .limit(1)
    .prepare("kit_partner_by_install_id"),
);

export async function findPartnerByInstallId(db: Pick<Database, "select">, installId: string): Promise<Partner | null> {
  const [row] = await byInstallId(db).execute({ installId });
  return row ?? null;
}

/**
 * Counts an installation id among the partner's earlier ones when it is neither its current nor a known earlier one:
 * a late delivery of an installation that came and went between two others is kept under that id, and the inbox rows
 * under it are the partner's (its export and purge find them by these ids).
 */
export async function rememberInstallId(db: Executor, partnerId: string, installId: string): Promise<void> {
  await db
    .update(partners)
    .set({ previousInstallIds: sql`array_append(${partners.previousInstallIds}, ${installId})` })
    .where(
      and(
        eq(partners.id, partnerId),
        sql`${partners.appRegistryInstallationRefid} is distinct from ${installId}`,
        sql`not (${installId} = any(${partners.previousInstallIds}))`,
      ),
    );
}

/** The installation statuses under which the app is installed (webhooks and the embedded app are served). */
export const INSTALLED_STATUSES = ["installed", "update_installed"] as const satisfies readonly InstallationStatus[];

export function isInstalled(partner: Pick<Partner, "appRegistryInstallation">): boolean {
  const status = partner.appRegistryInstallation?.status;
  return status !== undefined && (INSTALLED_STATUSES as readonly string[]).includes(status);
}

/** A partner purged after its last uninstall: only its tombstone is left (a reinstall clears both dates). */
export const isTombstone = (partner: Pick<Partner, "uninstalledAt" | "purgedAt">): boolean =>
  partner.purgedAt !== null && partner.uninstalledAt !== null && partner.purgedAt >= partner.uninstalledAt;

/** {@link isTombstone}'s negation, as SQL on `partners`. */
export const notTombstone = () =>
  or(isNull(partners.purgedAt), isNull(partners.uninstalledAt), lt(partners.purgedAt, partners.uninstalledAt));

/**
 * Upserts the partner user a Peek token speaks for (email trimmed and lower-cased) and connects them to the partner;
 * both steps are idempotent. Returns null when the user has no usable email.
 */
export async function upsertPartnerUser(db: Executor, partnerId: string, user: AccountUser): Promise<PartnerUser | null> {
  const email = emailSchema.safeParse(user.email ?? "");
  if (!email.success) return null;
  const [row] = await db
    .insert(partnerUsers)
    .values({ email: email.data, name: user.name })
    .onConflictDoUpdate({
      target: partnerUsers.email,
      set: { name: sql`coalesce(excluded.name, ${partnerUsers.name})`, updatedAt: new Date() },
    })
    .returning();
  const partnerUser = row as PartnerUser;
  // Whether Peek calls them an admin of this partner: as their latest token said.
  await db
    .insert(partnerUserConnections)
    .values({ partnerId, partnerUserId: partnerUser.id, isAdmin: user.isAdmin })
    .onConflictDoUpdate({
      target: [partnerUserConnections.partnerId, partnerUserConnections.partnerUserId],
      set: { isAdmin: user.isAdmin, updatedAt: new Date() },
    });
  return partnerUser;
}

/**
 * What the partner switcher needs of each partner a user may act for in the portal (see {@link listPartnersOfUser}),
 * by name: three columns, not whole rows, as a prepared statement per database (`partners.me` runs on every page load).
 */
const partnerSummariesOfUser = preparedPer((db: Pick<Database, "select">) =>
  db
    .select({ id: partners.id, name: partners.name, platform: partners.platform })
    .from(partnerUserConnections)
    .innerJoin(partners, eq(partners.id, partnerUserConnections.partnerId))
    .where(
      and(
        eq(partnerUserConnections.partnerUserId, sql.placeholder("partnerUserId")),
        isNull(partnerUserConnections.portalAccessRevokedAt),
        isNull(partners.uninstalledAt),
      ),
    )
    .orderBy(partners.name)
    .prepare("kit_partner_summaries_of_user"),
);

export function listPartnerSummariesOfUser(
  db: Pick<Database, "select">,
  partnerUserId: string,
): Promise<Pick<Partner, "id" | "name" | "platform">[]> {
  return partnerSummariesOfUser(db).execute({ partnerUserId });
}

/**
 * The partners a user may act for in the portal, by name: connected, not removed from the partner's portal by its
 * admins, and installed (an uninstalled partner's data waits for a reinstall or its deletion, out of reach).
 */
export async function listPartnersOfUser(db: Pick<Database, "select">, partnerUserId: string): Promise<Partner[]> {
  const rows = await db
    .select({ partner: partners })
    .from(partnerUserConnections)
    .innerJoin(partners, eq(partners.id, partnerUserConnections.partnerId))
    .where(
      and(
        eq(partnerUserConnections.partnerUserId, partnerUserId),
        isNull(partnerUserConnections.portalAccessRevokedAt),
        isNull(partners.uninstalledAt),
      ),
    )
    .orderBy(partners.name);
  return rows.map((row) => row.partner);
}
