import { type Database, partnerUserConnections, partnerUsers, sessions } from "@kit/db";
import { and, eq } from "drizzle-orm";
import { BadInputError, NotFoundError } from "../errors";
import { recordAudit } from "./audit";

/** The people of a partner, for its admins: who they are, whether Peek calls them admins, whether they have portal access. */
export async function listMembers(db: Pick<Database, "select">, partnerId: string) {
  const rows = await db
    .select({
      userId: partnerUsers.id,
      name: partnerUsers.name,
      email: partnerUsers.email,
      isAdmin: partnerUserConnections.isAdmin,
      portalAccessRevokedAt: partnerUserConnections.portalAccessRevokedAt,
    })
    .from(partnerUserConnections)
    .innerJoin(partnerUsers, eq(partnerUsers.id, partnerUserConnections.partnerUserId))
    .where(eq(partnerUserConnections.partnerId, partnerId))
    .orderBy(partnerUsers.email);
  return rows.map(({ portalAccessRevokedAt, ...row }) => ({ ...row, portalAccess: portalAccessRevokedAt === null }));
}

/**
 * An admin removes (or gives back) another person's portal access to the partner. Removing it ends their portal
 * sessions for the partner at once; inside Peek Pro, Peek decides who opens the app.
 */
export async function setPortalAccess(
  db: Database,
  input: { partnerId: string; actorUserId: string; targetUserId: string; access: boolean; now: Date },
): Promise<void> {
  if (input.actorUserId === input.targetUserId) throw new BadInputError("You cannot change your own access");
  await db.transaction(async (tx) => {
    const updated = await tx
      .update(partnerUserConnections)
      .set({ portalAccessRevokedAt: input.access ? null : input.now, updatedAt: input.now })
      .where(and(eq(partnerUserConnections.partnerId, input.partnerId), eq(partnerUserConnections.partnerUserId, input.targetUserId)))
      .returning({ id: partnerUserConnections.id });
    if (updated.length === 0) throw new NotFoundError("No such person at this partner");
    if (!input.access) {
      await tx
        .delete(sessions)
        .where(and(eq(sessions.partnerId, input.partnerId), eq(sessions.partnerUserId, input.targetUserId), eq(sessions.kind, "portal")));
    }
    await recordAudit(tx, {
      partnerId: input.partnerId,
      actorUserId: input.actorUserId,
      action: input.access ? "access.restore" : "access.revoke",
      subject: input.targetUserId,
    });
  });
}

/** Whether a person is an admin of the partner (as Peek last said; a removed portal access ends portal sessions elsewhere). */
export async function isPartnerAdmin(db: Pick<Database, "select">, partnerId: string, userId: string): Promise<boolean> {
  const [row] = await db
    .select({ isAdmin: partnerUserConnections.isAdmin })
    .from(partnerUserConnections)
    .where(and(eq(partnerUserConnections.partnerId, partnerId), eq(partnerUserConnections.partnerUserId, userId)));
  return row?.isAdmin === true;
}
