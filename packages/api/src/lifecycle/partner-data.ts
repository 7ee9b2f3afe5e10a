import { type Database, partners, rowsOf } from "@kit/db";
import { eq, sql } from "drizzle-orm";
import { isTombstone } from "../services/partners";
import { DATA_MAP } from "./data-map";

/** Rows deleted per statement: a big partner's rows are deleted in steps, each statement of bounded size. */
const BATCH = 1000;

/** The partner's installation ids, its earlier ones included (a reinstall gives a new one; the inbox is keyed by them). */
function installIdsOf(partner: {
  appRegistryInstallationRefid: string | null;
  appRegistryInstallation: { install_id: string } | null;
  previousInstallIds: string[];
}) {
  const ids = [partner.appRegistryInstallationRefid, partner.appRegistryInstallation?.install_id, ...partner.previousInstallIds];
  return [...new Set(ids.filter((id): id is string => !!id))];
}

/** The SQL that selects a table's rows of the partner, per the data map's scope. */
function scopeOf(entry: (typeof DATA_MAP)[number], partnerId: string, installIds: string[]) {
  switch (entry.scope) {
    case "partner":
      return sql`partner_id = ${partnerId}`;
    case "installation":
      return installIds.length > 0 ? sql`install_id in ${installIds}` : sql`false`;
    case "users":
      // The partner's people: connected to it (the export), or connected to no partner at all (the purge's orphans).
      return entry.table === "partner_users"
        ? sql`id in (select partner_user_id from partner_user_connections where partner_id = ${partnerId})`
        : sql`partner_user_id in (select partner_user_id from partner_user_connections where partner_id = ${partnerId})`;
  }
}

/**
 * Every row the app holds for a partner, one document (a data-access request's answer): the partner and, per table of
 * the data map, its rows. Secrets are left out (token hashes); nothing else is.
 */
export async function exportPartnerData(db: Database, partnerId: string): Promise<Record<string, unknown>> {
  const [partner] = await db.select().from(partners).where(eq(partners.id, partnerId));
  if (!partner) throw new Error(`no partner ${partnerId}`);
  const installIds = installIdsOf(partner);
  const tables: Record<string, unknown[]> = {};
  for (const entry of DATA_MAP) {
    const rows = rowsOf<Record<string, unknown>>(
      await db.execute(sql`select * from ${sql.identifier(entry.table)} where ${scopeOf(entry, partnerId, installIds)}`),
    );
    tables[entry.table] = rows.map(({ token_hash: _token, previous_token_hash: _previous, ...row }) => row);
  }
  return { exportedAt: new Date().toISOString(), partner, tables };
}

/**
 * Deletes everything the app holds for a partner, in batches, table by table (the data map's order), then the people
 * who no longer belong to any partner; the partner row stays as a tombstone (ids, dates, the counts deleted,
 * `lifecycleEventAt` for ordering late deliveries). One transaction with the partner's row locked: run twice at once
 * (two instances), it deletes once. The same code runs for the retention job and `kit data purge`. Returns the counts,
 * or null when the partner was purged already, or (with `uninstalledBefore`, the retention job's cutoff) is not
 * uninstalled since before it.
 */
export async function purgePartnerData(
  db: Database,
  partnerId: string,
  now: Date,
  options: { uninstalledBefore?: Date } = {},
): Promise<Record<string, number> | null> {
  return db.transaction(async (tx) => {
    const [partner] = await tx.select().from(partners).where(eq(partners.id, partnerId)).for("update");
    if (!partner) throw new Error(`no partner ${partnerId}`);
    // A tombstone (purged since its last uninstall) holds nothing more. An installed partner is purged each time asked:
    // what it has gathered since an earlier purge goes too.
    if (isTombstone(partner)) return null;
    // The retention job picks the partners due before it purges them one by one: one reinstalled (or uninstalled again)
    // since then is no longer due, and the row, now locked, says so.
    const { uninstalledBefore } = options;
    if (uninstalledBefore && !(partner.uninstalledAt && partner.uninstalledAt <= uninstalledBefore)) return null;
    const installIds = installIdsOf(partner);
    const counts: Record<string, number> = {};
    for (const entry of DATA_MAP) {
      if (entry.scope === "users") continue; // the partner's people go below, once they belong to no one
      const table = sql.identifier(entry.table);
      counts[entry.table] = 0;
      for (;;) {
        const deleted = rowsOf(
          await tx.execute(
            sql`delete from ${table} where ctid in (select ctid from ${table} where ${scopeOf(entry, partnerId, installIds)} limit ${BATCH}) returning 1 as one`,
          ),
        ).length;
        counts[entry.table] = (counts[entry.table] ?? 0) + deleted;
        if (deleted < BATCH) break;
      }
    }
    // People connected to no partner any more (their sign-in tokens go with them, by cascade). They are locked first,
    // then checked again by a statement of its own: a person connecting to another partner meanwhile holds a lock the
    // first waits for, and the second (a new snapshot) sees that connection committed, and keeps the person.
    const orphan = sql`not exists (select 1 from partner_user_connections c where c.partner_user_id = u.id)`;
    const candidates = rowsOf<{ id: string }>(await tx.execute(sql`select u.id from partner_users u where ${orphan} for update`));
    counts.partner_users =
      candidates.length === 0
        ? 0
        : rowsOf(
            await tx.execute(
              sql`delete from partner_users u where u.id in ${candidates.map((row) => row.id)} and ${orphan} returning 1 as one`,
            ),
          ).length;
    await tx
      .update(partners)
      .set({ purgedAt: now, purgeCounts: counts, name: "(purged)", timezone: null, apiConfig: null, setupStatus: "not_started" })
      .where(eq(partners.id, partnerId));
    return counts;
  });
}
