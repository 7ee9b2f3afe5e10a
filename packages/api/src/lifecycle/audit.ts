import { auditLog, type Database, partnerUsers, type Transaction } from "@kit/db";
import { desc, eq } from "drizzle-orm";

export interface AuditInput {
  partnerId: string;
  /** The acting user; null for the app itself or another internal app. */
  actorUserId: string | null;
  action: string;
  subject?: string | null;
  before?: unknown;
  after?: unknown;
}

/** Records an operator's change, in the change's own transaction (no change without its entry, no entry without it). */
export async function recordAudit(tx: Pick<Transaction, "insert">, entry: AuditInput): Promise<void> {
  await tx.insert(auditLog).values({
    partnerId: entry.partnerId,
    actorUserId: entry.actorUserId,
    action: entry.action,
    subject: entry.subject ?? null,
    before: entry.before === undefined ? null : entry.before,
    after: entry.after === undefined ? null : entry.after,
  });
}

/** The partner's audit log, newest first, with each actor's name when the app knows them (null: the app or an internal app). */
export function listAudit(db: Database, partnerId: string, limit = 100) {
  return db
    .select({
      id: auditLog.id,
      actorUserId: auditLog.actorUserId,
      actorName: partnerUsers.name,
      action: auditLog.action,
      subject: auditLog.subject,
      before: auditLog.before,
      after: auditLog.after,
      at: auditLog.at,
    })
    .from(auditLog)
    .leftJoin(partnerUsers, eq(partnerUsers.id, auditLog.actorUserId))
    .where(eq(auditLog.partnerId, partnerId))
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(limit);
}
