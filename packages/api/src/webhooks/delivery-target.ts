import { type Database, partners, rowsOf } from "@kit/db";
import { type SQL, sql } from "drizzle-orm";
import { findPartnerByInstallId, INSTALLED_STATUSES, isInstalled } from "../services/partners";
import { executePrepared, preparedStatement, type StatementValues, valuesOf } from "../services/prepared";
import { type DeliveryRecord, type DeliveryValue, deliveryInsertOf, deliveryValues } from "../services/webhook-inbox";
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

/** Whether a row of `partners` is installed, as an SQL condition (never null). */
export const partnerIsActive = sql`coalesce(${partners.appRegistryInstallation}->>'status' in ${INSTALLED_STATUSES}, false)`;

/** The CTEs `partner` (the installation's partner, `active` when installed) and `target` (its id, only when active). */
export function activePartnerCtes(installId: unknown): SQL {
  return sql`partner as (
        select id, name, ${partnerIsActive} as active
        from ${partners} where app_registry_installation_refid = ${installId}
      ),
      target as (select id from partner where active)`;
}

/** The statement of {@link acceptForActivePartner}: the partner's CTEs, the write (when given), the inbox row. */
function acceptanceSql(kind: string, outcome: DeliveryRecord["outcome"], value: StatementValues<DeliveryValue>, write?: SQL): SQL {
  return sql`
      with ${activePartnerCtes(value("delivery.installId"))},
      ${write ? sql`written as (${write}),` : sql``}
      inbox as (${deliveryInsertOf(kind, outcome, value, "target")})
      select name, active from partner`;
}

/** What the acceptance statement answered: the partner's name, or why nothing was stored. */
function acceptanceOutcome(result: unknown): { partnerName: string } | NotStored {
  const [row] = rowsOf<{ name: string; active: boolean }>(result);
  if (!row) return NOT_STORED.unknown_installation;
  if (!row.active) return NOT_STORED.inactive;
  return { partnerName: row.name };
}

/**
 * Records a delivery for the partner of an active installation — and, when given, writes what it carries (`write`: a
 * data-modifying statement that selects the partner's id `from target`) — in one SQL statement: partner lookup, inbox
 * row and write commit together. An unknown or inactive installation gets nothing written. The statement is built
 * for each delivery; a webhook that receives many keeps it prepared with {@link preparedAcceptance}.
 */
export async function acceptForActivePartner(
  db: Pick<Database, "execute" | "_">,
  record: DeliveryRecord,
  write?: SQL,
): Promise<{ partnerName: string } | NotStored> {
  return acceptanceOutcome(await executePrepared(db, acceptanceSql(record.kind, record.outcome, valuesOf(deliveryValues(record)), write)));
}

/**
 * {@link acceptForActivePartner} for one kind of delivery, accepted as it comes, as a statement built once
 * (`services/prepared.ts`): `write` is written with the statement's named values, and each delivery gives them.
 */
export function preparedAcceptance<Name extends string>(kind: string, write: (value: StatementValues<Name>) => SQL) {
  const statement = preparedStatement<Name | DeliveryValue>((value) => acceptanceSql(kind, "accepted", value, write(value)));
  return async (
    db: Pick<Database, "execute" | "_">,
    record: Omit<DeliveryRecord, "kind" | "outcome">,
    values: Record<Name, unknown>,
  ): Promise<{ partnerName: string } | NotStored> =>
    acceptanceOutcome(await statement(db, { ...values, ...deliveryValues({ ...record, kind }) }));
}
