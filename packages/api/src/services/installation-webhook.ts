import { type Database, type Partner, partners, rowsOf, type Transaction } from "@kit/db";
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Logger } from "../context";
import type { JobQueue } from "../jobs/job-queue";
import { hookFor, installationHooks, quietPriorStatuses } from "./installation-hooks";
import { type InstallationSnapshot, installationOverwrite, upsertPartnerForInstallation } from "./partners";
import { deliveryInsert, recordDelivery } from "./webhook-inbox";

type InstallationDelivery = { payload: unknown; snapshot: InstallationSnapshot };

/**
 * Applies an authenticated installation delivery: inbox row, partner upsert and lifecycle hook commit together, so the
 * 2xx that follows means all of it is committed. Most deliveries change no lifecycle state (redeliveries, version
 * updates, a status repeated): those are one SQL statement. The rest — a new partner, an install, an uninstall, a
 * reinstall under a new installation id — take a transaction that locks the partner, decides the hook and runs it.
 */
export async function acceptInstallationDelivery(
  deps: { db: Database; logger: Logger; jobs: JobQueue; clock: () => Date },
  delivery: InstallationDelivery,
): Promise<Pick<Partner, "id" | "name">> {
  const quiet = await applyWithoutHook(deps.db, delivery);
  if (quiet) return quiet;
  const { snapshot } = delivery;
  return deps.db.transaction(async (tx) => {
    // Locks in the one-statement path's order, partner then inbox row: the other order deadlocks against it.
    const prior = await lockedInstallationStatus(tx, snapshot.installId);
    const partner = await upsertPartnerForInstallation(tx, snapshot);
    await recordDelivery(tx, { kind: "installation", installId: snapshot.installId, payload: delivery.payload, outcome: "accepted" });
    const hook = hookFor(prior, snapshot.installation.status);
    if (hook) await installationHooks[hook]({ tx, partner, logger: deps.logger, jobs: deps.jobs, now: deps.clock() });
    return partner;
  });
}

/**
 * One statement, atomic by itself: updates the partner of the installation only if its current status means this
 * delivery runs no hook (checked on the row as it is when locked, so a concurrent change of status is not missed), and
 * records the delivery only if it did. Null when nothing was applied: the caller takes the transactional path.
 */
async function applyWithoutHook(db: Database, delivery: InstallationDelivery): Promise<Pick<Partner, "id" | "name"> | null> {
  const { snapshot } = delivery;
  const update = db
    .update(partners)
    .set(installationOverwrite(snapshot))
    .where(
      and(
        eq(partners.appRegistryInstallationRefid, snapshot.installId),
        inArray(sql`${partners.appRegistryInstallation}->>'status'`, quietPriorStatuses(snapshot.installation.status)),
      ),
    )
    .returning({ id: partners.id, name: partners.name });
  const record = { kind: "installation", installId: snapshot.installId, payload: delivery.payload, outcome: "accepted" } as const;
  const [row] = rowsOf<Pick<Partner, "id" | "name">>(
    await db.execute(
      sql`with partner as (${update.getSQL()}), inbox as (${deliveryInsert(record, "partner")}) select id, name from partner`,
    ),
  );
  return row ?? null;
}

/** The installation's status, with its partner row locked until the transaction ends (null: no partner yet). */
async function lockedInstallationStatus(tx: Transaction, installId: string) {
  const [row] = await tx
    .select({ installation: partners.appRegistryInstallation })
    .from(partners)
    .where(eq(partners.appRegistryInstallationRefid, installId))
    .for("update");
  return row?.installation?.status ?? null;
}

/** Keeps a delivery we refuse to apply (unknown status), so nothing Peek sent disappears without a trace. */
export async function rejectInstallationDelivery(
  db: Database,
  delivery: { installId: string; payload: unknown; reason: string },
): Promise<void> {
  await recordDelivery(db, { kind: "installation", outcome: "rejected", ...delivery });
}
