import {
  type Database,
  type InstallationStatus,
  installationStatuses,
  type Partner,
  partners,
  platforms,
  rowsOf,
  type Transaction,
} from "@kit/db";
import { isIanaTimezone } from "@kit/db/validators";
import { and, eq, inArray, isNull, or, sql } from "drizzle-orm";
import { z } from "zod";
import { hookFor, installationHooks, quietPriorStatuses } from "../services/installation-hooks";
import {
  findPartnerByInstallId,
  type InstallationSnapshot,
  installationOverwriteOf,
  isTombstone,
  keepsStoredApiConfig,
  notTombstone,
  type OverwriteValue,
  overwriteValues,
  rememberInstallId,
  sameAccountAs,
  upsertPartnerForInstallation,
} from "../services/partners";
import { preparedStatement } from "../services/prepared";
import { type DeliveryValue, deliveryInsertOf, deliveryValues, recordDelivery } from "../services/webhook-inbox";
import { fieldErrorsOf } from "./field-errors";
import { refused, type WebhookDeps, type WebhookResult, type WebhookToken } from "./types";
import { userTokenRule } from "./user-token-rule";

const blankToNull = (value: unknown) => (typeof value === "string" && value.trim() === "" ? null : value);

/**
 * The App Registry's installation webhook body. Ids are opaque strings (`account.id` may arrive as a number); `status`
 * is read as any string here so that a well-formed delivery with an unknown status can be answered 422 and kept.
 */
export const installationBodySchema = z.object({
  account: z.object({
    id: z.union([z.string().trim().min(1).max(255), z.number().int()]).transform(String),
    name: z.string().trim().min(1, "can't be blank").max(255),
    is_test: z.boolean(),
    platform: z.enum(platforms).nullish(),
    timezone: z.preprocess(blankToNull, z.string().max(64).refine(isIanaTimezone, "is not a valid timezone").nullish()),
  }),
  api: z
    .object({
      url: z.preprocess(
        blankToNull,
        z
          .url({ protocol: /^https?$/, error: "must be an http(s) URL" })
          .max(2048)
          .nullish(),
      ),
    })
    .nullish(),
  display_version: z.string().trim().min(1, "can't be blank").max(64),
  install_id: z.string().trim().min(1, "can't be blank").max(255),
  modified_by: z.unknown().optional(),
  status: z.string().min(1, "can't be blank").max(64),
});

const isKnownStatus = (status: string): status is (typeof installationStatuses)[number] =>
  (installationStatuses as readonly string[]).includes(status);

/**
 * An installation delivery for the installation the verified token speaks for: parsed, decided (the token's user, the
 * installation it names, its status, its age), then applied — or kept as rejected or stale — in one transaction.
 */
export async function processInstallationDelivery(deps: WebhookDeps, token: WebhookToken, rawBody: unknown): Promise<WebhookResult> {
  const rule = userTokenRule("installation", deps, token);
  if (!rule.ok) return rule;
  const parsed = installationBodySchema.safeParse(rawBody);
  if (!parsed.success) {
    const fields = fieldErrorsOf(parsed.error);
    return refused(400, `Invalid installation webhook: ${Object.keys(fields).join(", ")}`, fields);
  }
  const body = parsed.data;
  if (body.install_id !== token.installId) return refused(403, "install_id does not match the token's installation");
  const eventAt = token.issuedAt ?? deps.clock();
  const actorUserId = rule.actor?.id ?? null;
  if (!isKnownStatus(body.status)) {
    await recordDelivery(deps.db, {
      kind: "installation",
      installId: body.install_id,
      payload: rawBody,
      outcome: "rejected",
      reason: `unknown status ${body.status.slice(0, 64)}`,
      eventAt,
      actorUserId,
    });
    return refused(422, `Unknown installation status "${body.status.slice(0, 64)}"`);
  }
  if (rule.actor) {
    deps.logger.info({ installId: body.install_id, actorUserId, status: body.status }, "installation delivery with a user's token");
  }
  // A delivery that names no platform is about the installation's own account: the platform stored for it, or Peek's for
  // an installation the app does not know yet (never a rewrite of the stored one to Peek's, which would move the
  // installation to another account of the same id, or collide with it).
  const platform = body.account.platform ?? (await findPartnerByInstallId(deps.db, body.install_id))?.platform ?? "peek";
  const applied = await acceptInstallationDelivery(deps, {
    payload: rawBody,
    actorUserId,
    // A token lifted from the iframe names its installation, but the account in the body is unsigned: outside `accept`,
    // such a delivery may only update the installation the app knows, for that installation's own account.
    knownInstallationOnly: rule.actor !== null && deps.userTokens !== "accept",
    snapshot: {
      installId: body.install_id,
      accountId: body.account.id,
      name: body.account.name,
      platform,
      isTest: body.account.is_test,
      installation: { status: body.status, display_version: body.display_version, install_id: body.install_id },
      timezone: body.account.timezone ?? null,
      // The API url receives our credentials: only Peek's own system deliveries may set it, never a user's token.
      apiUrl: rule.actor ? null : (body.api?.url ?? null),
      eventAt,
    },
  });
  if ("refusal" in applied) return refused(applied.status ?? 403, applied.refusal);
  // Committed: the partner (its status, its zone) and, on an uninstall, its sessions changed; no other partner's did.
  deps.sessionCache?.clearPartner(applied.partner.id);
  if (applied.purged) return { ok: true, message: "This installation was uninstalled and its data deleted: nothing to update." };
  return applied.stale
    ? { ok: true, message: `Partner ${applied.partner.name} already has a newer installation event: this one was recorded, not applied.` }
    : { ok: true, message: `Partner ${applied.partner.name} updated successfully.` };
}

type InstallationDelivery = {
  payload: unknown;
  snapshot: InstallationSnapshot;
  actorUserId: string | null;
  /** Apply only to the installation the app already holds, and only for its own account (a user's token). */
  knownInstallationOnly?: boolean;
};
type Applied = { partner: Pick<Partner, "id" | "name">; stale: boolean; purged?: boolean } | { refusal: string; status?: 403 | 409 };

const UNKNOWN_TO_USER_TOKEN =
  "A token that names a user may only update an installation this app already holds, for that installation's own account";
const OTHER_ACCOUNT = "This installation belongs to another account (its id or platform differs): nothing was changed";

/**
 * Applies an authenticated installation delivery: inbox row, partner upsert and lifecycle hook commit together, so the
 * 2xx that follows means all of it is committed. Most deliveries change no lifecycle state (redeliveries, version
 * updates, a status repeated): those are one SQL statement. The rest — a new partner, an install, an uninstall, a
 * reinstall under a new installation id, an event older than the last applied — take a transaction that serialises
 * every delivery of the account (so concurrent first deliveries run the hook once), decides and runs the hook.
 */
export async function acceptInstallationDelivery(deps: WebhookDeps, delivery: InstallationDelivery): Promise<Applied> {
  if (!delivery.knownInstallationOnly) {
    const quiet = await applyWithoutHook(deps.db, delivery);
    if (quiet) return { partner: quiet, stale: false };
  }
  const { snapshot } = delivery;
  const record = { kind: "installation", installId: snapshot.installId, payload: delivery.payload, eventAt: snapshot.eventAt };
  await deps.jobs.prepare(); // a lifecycle hook may enqueue
  return deps.db.transaction(async (tx) => {
    await lockAccount(tx, snapshot);
    // Locks in the one-statement path's order, partner then inbox row: the other order deadlocks against it.
    const known = await lockedPartner(tx, eq(partners.appRegistryInstallationRefid, snapshot.installId));
    const otherAccount = known !== null && (known.externalRefid !== snapshot.accountId || known.platform !== snapshot.platform);
    if (delivery.knownInstallationOnly && (!known || otherAccount || isTombstone(known))) {
      await recordDelivery(tx, { ...record, outcome: "rejected", reason: UNKNOWN_TO_USER_TOKEN, actorUserId: delivery.actorUserId });
      return { refusal: UNKNOWN_TO_USER_TOKEN };
    }
    if (otherAccount) {
      await recordDelivery(tx, { ...record, outcome: "rejected", reason: OTHER_ACCOUNT, actorUserId: delivery.actorUserId });
      return { refusal: OTHER_ACCOUNT, status: 409 };
    }
    const prior =
      known ?? (await lockedPartner(tx, and(eq(partners.externalRefid, snapshot.accountId), eq(partners.platform, snapshot.platform))));
    if (prior?.lifecycleEventAt && prior.lifecycleEventAt > snapshot.eventAt) {
      // A late delivery for a partner whose data was deleted: answered the same, and nothing of it kept.
      if (isTombstone(prior)) return { partner: prior, stale: true };
      await rememberInstallId(tx, prior.id, snapshot.installId);
      await recordDelivery(tx, {
        ...record,
        outcome: "stale",
        reason: "older than the last applied installation event",
        actorUserId: delivery.actorUserId,
      });
      return { partner: prior, stale: true };
    }
    // Peek redelivering the uninstall of a partner whose data is deleted: answered, and nothing of it kept.
    if (prior && isTombstone(prior) && snapshot.installation.status === "uninstalled")
      return { partner: prior, stale: false, purged: true };
    const partner = await upsertPartnerForInstallation(tx, snapshot);
    await recordDelivery(tx, { ...record, outcome: "accepted", actorUserId: delivery.actorUserId });
    // A new installation id of the account that installs (or updates) was not installed before, whatever the old
    // installation's stored status says: its uninstall may come later (Peek retrying it), older than this, so stale.
    const newInstallation =
      snapshot.installation.status !== "uninstalled" && prior != null && prior.appRegistryInstallationRefid !== snapshot.installId;
    const hook = hookFor(newInstallation ? null : (prior?.appRegistryInstallation?.status ?? null), snapshot.installation.status);
    if (hook) await installationHooks[hook]({ tx, partner, logger: deps.logger, jobs: deps.jobs, now: deps.clock() });
    return { partner, stale: false };
  });
}

type QuietValue = OverwriteValue | DeliveryValue;

/** {@link applyWithoutHook}'s statement for each shape: the status delivered, and whether the stored API address stays. */
const quietStatements = new Map<string, (db: Database, values: Record<QuietValue, unknown>) => Promise<unknown>>();

/**
 * One statement, atomic by itself: updates the partner of the installation only if its current status means this
 * delivery runs no hook and the delivery is not older than the last one applied (both checked on the row as it is when
 * locked, so a concurrent change is not missed), and records the delivery only if it did. Built once for each shape
 * (`services/prepared.ts`): the statuses it may follow are the delivered status's, and the API address is either
 * written or kept.
 */
function quietStatementFor(status: InstallationStatus, keepApiConfig: boolean) {
  const shape = `${status}:${keepApiConfig}`;
  let statement = quietStatements.get(shape);
  if (!statement) {
    const priorStatuses = quietPriorStatuses(status);
    statement = preparedStatement<QuietValue, Database>((value, db) => {
      const update = db
        .update(partners)
        .set(installationOverwriteOf(value, keepApiConfig))
        .where(
          and(
            sql`${partners.appRegistryInstallationRefid} = ${value("delivery.installId")}`,
            sameAccountAs(value),
            inArray(sql`${partners.appRegistryInstallation}->>'status'`, priorStatuses),
            or(isNull(partners.lifecycleEventAt), sql`${partners.lifecycleEventAt} <= ${value("delivery.eventAt")}::timestamptz`),
            // A purged partner's tombstone is never overwritten here (the transactional path decides).
            notTombstone(),
          ),
        )
        .returning({ id: partners.id, name: partners.name });
      return sql`with partner as (${update.getSQL()}), inbox as (${deliveryInsertOf("installation", "accepted", value, "partner")}) select id, name from partner`;
    });
    quietStatements.set(shape, statement);
  }
  return statement;
}

/** The one-statement path (see {@link quietStatementFor}). Null when nothing was applied: the caller takes the transactional path. */
async function applyWithoutHook(db: Database, delivery: InstallationDelivery): Promise<Pick<Partner, "id" | "name"> | null> {
  const { snapshot } = delivery;
  const statement = quietStatementFor(snapshot.installation.status, keepsStoredApiConfig(snapshot));
  const record = {
    kind: "installation",
    installId: snapshot.installId,
    payload: delivery.payload,
    eventAt: snapshot.eventAt,
    actorUserId: delivery.actorUserId,
  };
  const [row] = rowsOf<Pick<Partner, "id" | "name">>(await statement(db, { ...overwriteValues(snapshot), ...deliveryValues(record) }));
  return row ?? null;
}

/**
 * Every delivery for one Peek account waits for the one before it to commit (a transaction-scoped advisory lock, safe
 * behind a transaction pooler): of twenty concurrent first deliveries, one creates the partner and runs the hook, the
 * others then see it.
 */
async function lockAccount(tx: Transaction, snapshot: InstallationSnapshot): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`kit:account:${snapshot.platform}:${snapshot.accountId}`}, 0))`);
}

async function lockedPartner(tx: Transaction, where: ReturnType<typeof eq> | undefined) {
  const [row] = await tx
    .select({
      id: partners.id,
      name: partners.name,
      externalRefid: partners.externalRefid,
      platform: partners.platform,
      appRegistryInstallationRefid: partners.appRegistryInstallationRefid,
      appRegistryInstallation: partners.appRegistryInstallation,
      lifecycleEventAt: partners.lifecycleEventAt,
      uninstalledAt: partners.uninstalledAt,
      purgedAt: partners.purgedAt,
    })
    .from(partners)
    .where(where)
    .for("update");
  return row ?? null;
}
