import { type Database, partners, rowsOf } from "@kit/db";
import { type SQL, sql } from "drizzle-orm";
import { findPartnerByInstallId, INSTALLED_STATUSES, isInstalled } from "../services/partners";
import { executePrepared } from "../services/prepared";
import { type DeliveryRecord, deliveryInsert } from "../services/webhook-inbox";
import type { WebhookResult } from "./types";

/** Why a broadcast was answered without storing anything: Peek must not redeliver it, there is nobody to store it for. */
export type NotStored = Extract<WebhookResult, { ok: true }> & { reason: "unknown_installation" | "inactive" };

export const NOT_STORED = {
  unknown_installation: { ok: true, message: "Unknown install ID", reason: "unknown_installation" },
  inactive: { ok: true, message: "Installation is not active", reason: "inactive" },
} as const satisfies Record<string, NotStored>;

/**
 * For a broadcast whose body cannot be stored: an installation we do not know, or one no longer installed, is answered
 * 200 whatever the body says (null: the partner is installed, so the body's fault is the answer).
 */
export async function notStoredFor(db: Database, installId: string): Promise<NotStored | null> {
  const partner = await findPartnerByInstallId(db, installId);
  if (!partner) return NOT_STORED.unknown_installation;
  return isInstalled(partner) ? null : NOT_STORED.inactive;
}

/** The object a broadcast is about: the `{ <key>: … }` envelope Peek sends, or a bare node; null when not an object. */
export function payloadNode(body: unknown, key: string): Record<string, unknown> | null {
  if (!body || typeof body !== "object" || Array.isArray(body)) return null;
  const envelope = body as Record<string, unknown>;
  const inner = envelope[key];
  return inner && typeof inner === "object" && !Array.isArray(inner) ? (inner as Record<string, unknown>) : envelope;
}

/**
 * Records a delivery for the partner of an active installation — and, when given, writes what it carries (`write`: a
 * data-modifying statement that selects the partner's id `from target`) — in one SQL statement: partner lookup, inbox
 * row and write commit together. An unknown or inactive installation gets nothing written.
 */
/** The CTEs `partner` (the installation's partner, `active` when installed) and `target` (its id, only when active). */
export function activePartnerCtes(installId: string): SQL {
  return sql`partner as (
        select id, name, coalesce(app_registry_installation->>'status' in ${INSTALLED_STATUSES}, false) as active
        from ${partners} where app_registry_installation_refid = ${installId}
      ),
      target as (select id from partner where active)`;
}

export async function acceptForActivePartner(
  db: Pick<Database, "execute" | "_">,
  record: DeliveryRecord,
  write?: SQL,
): Promise<{ partnerName: string } | NotStored> {
  const [row] = rowsOf<{ name: string; active: boolean }>(
    await executePrepared(
      db,
      sql`
      with ${activePartnerCtes(record.installId)},
      ${write ? sql`written as (${write}),` : sql``}
      inbox as (${deliveryInsert(record, "target")})
      select name, active from partner`,
    ),
  );
  if (!row) return NOT_STORED.unknown_installation;
  if (!row.active) return NOT_STORED.inactive;
  return { partnerName: row.name };
}
