import { type Database, partners, rowsOf } from "@kit/db";
import { type SQL, sql } from "drizzle-orm";
import { findPartnerByInstallId, INSTALLED_STATUSES, isInstalled } from "../services/partners";
import { executePrepared, preparedStatement, type StatementValues, valuesOf } from "../services/prepared";
import { type DeliveryRecord, type DeliveryValue, dedupeKeyOf, deliveryInsertOf, deliveryValues } from "../services/webhook-inbox";
import { type BatchedDelivery, deliveryBatcher } from "./delivery-batches";
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
  if (!isPlainObject(body)) return null;
  const inner = body[key];
  // An envelope whose node is not an object (an array, a string) is no payload: the SDK and the kit would read it apart.
  if (inner === undefined) return body;
  return isPlainObject(inner) ? inner : null;
}

const isPlainObject = (value: unknown): value is Record<string, unknown> => !!value && typeof value === "object" && !Array.isArray(value);

/** Whether a row of `partners` is installed, as an SQL condition (never null). */
const partnerIsActive = sql`coalesce(${partners.appRegistryInstallation}->>'status' in ${INSTALLED_STATUSES}, false)`;

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
 * for each delivery; a webhook that receives many batches its deliveries with {@link batchedAcceptance}.
 */
export async function acceptForActivePartner(
  db: Pick<Database, "execute" | "_">,
  record: DeliveryRecord,
  write?: SQL,
): Promise<{ partnerName: string } | NotStored> {
  return acceptanceOutcome(await executePrepared(db, acceptanceSql(record.kind, record.outcome, valuesOf(deliveryValues(record)), write)));
}

/**
 * The first CTEs of a batch statement (`delivery-batches.ts`): `d`, the batch's deliveries read from its JSON (`record`
 * defines their columns, `n` and `install_id` among them), and `partner`, each delivery's partner by `n` (`active` when
 * installed).
 */
export function batchPartnerCtes(deliveries: unknown, record: SQL): SQL {
  return sql`d as (select * from jsonb_to_recordset(${deliveries}::jsonb) as d(${record})),
      partner as (
        select d.n, ${partners.id} as id, ${partners.name} as name, ${partnerIsActive} as active
        from d join ${partners} on ${partners.appRegistryInstallationRefid} = d.install_id
      )`;
}

/** The SQL types a batched acceptance's own values may have (they are read from JSON by `jsonb_to_recordset`). */
type ColumnType = "text" | "boolean" | "integer" | "numeric" | "timestamptz" | "jsonb";

/** The columns every batched acceptance's `target` has: a webhook's own values may not take these names. */
const RESERVED_COLUMNS = new Set(["n", "id", "keys", "install_id", "key", "payload", "event_at", "actor_user_id"]);

/** The inbox row's values in a batched acceptance: the columns of `target`. */
const targetInboxColumn: Record<DeliveryValue, SQL> = {
  "delivery.key": sql`target.key`,
  "delivery.installId": sql`target.install_id`,
  "delivery.reason": sql`null::text`,
  "delivery.payload": sql`target.payload`,
  "delivery.eventAt": sql`target.event_at`,
  "delivery.actorUserId": sql`target.actor_user_id`,
};

/**
 * {@link acceptForActivePartner} for one kind of delivery, accepted as it comes, in batches (`delivery-batches.ts`,
 * ADR 0013): deliveries that arrive while earlier ones are being written share one statement and one commit, each
 * answered once it is committed. `write` is written with the statement's named values (`columns` gives their SQL
 * types; a value left undefined reads as NULL, not as the column's default) and selects `from target`, whose rows are
 * the batch's deliveries for active installations, with their partner's `id`; it should write its rows in the order
 * of its unique key, so that batches on two instances never wait on each other in a cycle. `identity` names what a
 * delivery writes (a waiver: its booking, template and time), so that two deliveries writing the same thing never run
 * at once on an instance. Accepted deliveries only: the inbox row carries no reason.
 */
export function batchedAcceptance<Name extends string>(
  kind: string,
  columns: Record<Name, ColumnType>,
  write: (value: StatementValues<Name>) => SQL,
  identity: (values: Record<Name, unknown>) => string,
) {
  const names = Object.keys(columns) as Name[];
  const taken = names.filter((name) => RESERVED_COLUMNS.has(name));
  if (taken.length > 0) throw new Error(`batchedAcceptance("${kind}"): ${taken.join(", ")} name columns of the statement itself`);
  const record = sql.join(
    [
      sql.raw("n integer, install_id text, key text, payload jsonb, event_at timestamptz, actor_user_id text"),
      ...names.map((name) => sql`${sql.identifier(name)} ${sql.raw(columns[name])}`),
    ],
    sql`, `,
  );
  const statement = preparedStatement<"deliveries">(
    (value) => sql`
      with ${batchPartnerCtes(value("deliveries"), record)},
      target as (select d.*, partner.id from d join partner using (n) where partner.active),
      written as (${write((name) => sql`target.${sql.identifier(name)}`)}),
      inbox as (${deliveryInsertOf(kind, "accepted", (name) => targetInboxColumn[name], sql`target order by target.key`)})
      select d.n, partner.name, partner.active from d left join partner using (n)`,
  );
  type Row = { n: number; name: string | null; active: boolean | null };
  const batcherOf = deliveryBatcher<BatchedDelivery & Record<string, unknown>, Row>(async (db, deliveries) =>
    rowsOf<Row>(await statement(db, { deliveries })),
  );
  return async (
    db: Pick<Database, "execute" | "_">,
    record: Omit<DeliveryRecord, "kind" | "outcome" | "reason">,
    values: Record<Name, unknown>,
    batchesInFlight?: number,
  ): Promise<{ partnerName: string } | NotStored> => {
    const key = dedupeKeyOf(kind, record.installId, record.payload);
    const submit = batcherOf(db, batchesInFlight);
    const row = await submit({
      ...values,
      keys: [`${record.installId}\n${identity(values)}`, key],
      install_id: record.installId,
      key,
      payload: record.payload,
      event_at: record.eventAt.toISOString(),
      actor_user_id: record.actorUserId ?? null,
    });
    if (row.name === null) return NOT_STORED.unknown_installation;
    if (!row.active) return NOT_STORED.inactive;
    return { partnerName: row.name };
  };
}
