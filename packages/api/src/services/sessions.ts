import {
  type Database,
  type Partner,
  type PartnerUser,
  partners,
  partnerUserConnections,
  partnerUsers,
  type SessionKind,
  sessions,
} from "@kit/db";
import { and, desc, eq, gt, isNull, ne, or, sql } from "drizzle-orm";
import { ForbiddenError, NotFoundError } from "../errors";
import { voidLoginTokens } from "./login-tokens";
import { preparedPer } from "./prepared";
import type { SessionCache } from "./session-cache";
import { hashToken, newSecretToken } from "./token-hash";

/** last_seen_at is written at most this often per session, so verifying stays a read on the hot path. */
const LAST_SEEN_RESOLUTION_MS = 60_000;

export interface NewSession {
  /** 32 random bytes, base64url: shown once to the client, never stored. */
  token: string;
  expiresAt: Date;
}

export async function createSession(
  db: Pick<Database, "insert">,
  input: { partnerUserId: string; partnerId: string; kind: SessionKind; ttlSeconds: number; now: Date; userAgent?: string | null },
): Promise<NewSession> {
  const token = newSecretToken();
  const expiresAt = new Date(input.now.getTime() + input.ttlSeconds * 1000);
  await db.insert(sessions).values({
    tokenHash: hashToken(token),
    partnerUserId: input.partnerUserId,
    partnerId: input.partnerId,
    kind: input.kind,
    createdAt: input.now,
    tokenIssuedAt: input.now,
    lastSeenAt: input.now,
    expiresAt,
    userAgent: input.userAgent?.slice(0, 300) ?? null,
  });
  return { token, expiresAt };
}

export interface VerifiedSession {
  sessionId: string;
  kind: SessionKind;
  /** When it was signed in (or opened by Peek). */
  createdAt: Date;
  /** When its current token was issued. */
  tokenIssuedAt: Date;
  expiresAt: Date;
  user: PartnerUser;
  partner: Partner;
}

/**
 * A session with its user and partner, for a member of the partner: membership is checked on every request, so a user
 * removed from the partner loses its sessions at once, and a person an admin removed from the partner's portal keeps no
 * portal session for it (Peek decides inside Peek).
 */
const sessionsWithMember = (db: Database) =>
  db
    .select({ session: sessions, user: partnerUsers, partner: partners })
    .from(sessions)
    .innerJoin(partnerUsers, eq(partnerUsers.id, sessions.partnerUserId))
    // An uninstalled partner's sessions end with the uninstall, and no session acts for it until it is installed again.
    .innerJoin(partners, and(eq(partners.id, sessions.partnerId), isNull(partners.uninstalledAt)))
    .innerJoin(
      partnerUserConnections,
      and(
        eq(partnerUserConnections.partnerId, sessions.partnerId),
        eq(partnerUserConnections.partnerUserId, sessions.partnerUserId),
        or(eq(sessions.kind, "embed"), isNull(partnerUserConnections.portalAccessRevokedAt)),
      ),
    );

/**
 * The session lookup of every authenticated request, built once per database as a prepared statement: no query
 * building on the hot path.
 */
const sessionLookup = preparedPer((db: Database) =>
  sessionsWithMember(db)
    .where(and(eq(sessions.tokenHash, sql.placeholder("tokenHash")), gt(sessions.expiresAt, sql.placeholder("now"))))
    .limit(1)
    .prepare("kit_verify_session"),
);

/** A token a reissue replaced, during its grace period (the parallel requests of one page still carry it). */
const previousSessionLookup = preparedPer((db: Database) =>
  sessionsWithMember(db)
    .where(
      and(
        eq(sessions.previousTokenHash, sql.placeholder("tokenHash")),
        gt(sessions.previousValidUntil, sql.placeholder("now")),
        gt(sessions.expiresAt, sql.placeholder("now")),
      ),
    )
    .limit(1)
    .prepare("kit_verify_previous_session"),
);

/**
 * The live session a bearer token names, with its user and partner; null when unknown, expired or revoked. With a
 * cache, a token verified in the last few seconds is not looked up again (see {@link SessionCache}); a token a reissue
 * replaced is never cached (its grace period is checked each time).
 */
export async function verifySession(
  db: Database,
  token: string | null,
  now: Date,
  cache: SessionCache<VerifiedSession> | null = null,
): Promise<VerifiedSession | null> {
  if (!token || token.length > 256) return null;
  const tokenHash = hashToken(token);
  const key = cache ? tokenHash.toString("base64") : "";
  const cached = cache?.get(key, now);
  if (cached) return cached;
  const generation = cache?.generation ?? 0;
  // Placeholders skip column encoders: the timestamp goes as ISO text, which both drivers read as timestamptz.
  const params = { tokenHash, now: now.toISOString() };
  const [row] = await sessionLookup(db).execute(params);
  if (row) {
    const session = await sessionOf(db, row, now);
    cache?.set(key, session, now, generation);
    return session;
  }
  const previous = (await previousSessionLookup(db).execute(params))[0];
  return previous ? sessionOf(db, previous, now) : null;
}

async function sessionOf(
  db: Database,
  row: { session: typeof sessions.$inferSelect; user: PartnerUser; partner: Partner },
  now: Date,
): Promise<VerifiedSession> {
  if (now.getTime() - row.session.lastSeenAt.getTime() > LAST_SEEN_RESOLUTION_MS) {
    await db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, row.session.id));
  }
  return {
    sessionId: row.session.id,
    kind: row.session.kind,
    createdAt: row.session.createdAt,
    tokenIssuedAt: row.session.tokenIssuedAt,
    expiresAt: row.session.expiresAt,
    user: row.user,
    partner: row.partner,
  };
}

/** How long a reissued session's previous token keeps working. */
export const REISSUE_GRACE_S = 60;

/**
 * Gives a session a new token, once: a conditional update of the row, so of parallel requests carrying the old token
 * exactly one reissues (the others keep working with it for {@link REISSUE_GRACE_S}) and no second session appears.
 * Null when another request reissued it first.
 */
export async function reissueSession(
  db: Pick<Database, "update">,
  input: { sessionId: string; currentToken: string; ttlSeconds: number; now: Date; endsBy?: Date },
): Promise<NewSession | null> {
  const token = newSecretToken();
  const renewed = input.now.getTime() + input.ttlSeconds * 1000;
  const expiresAt = new Date(input.endsBy ? Math.min(renewed, input.endsBy.getTime()) : renewed);
  const updated = await db
    .update(sessions)
    .set({
      tokenHash: hashToken(token),
      previousTokenHash: hashToken(input.currentToken),
      previousValidUntil: new Date(input.now.getTime() + REISSUE_GRACE_S * 1000),
      tokenIssuedAt: input.now,
      expiresAt,
    })
    .where(and(eq(sessions.id, input.sessionId), eq(sessions.tokenHash, hashToken(input.currentToken))))
    .returning({ id: sessions.id });
  return updated.length > 0 ? { token, expiresAt } : null;
}

/** Signs everyone out of a partner (the app was uninstalled). */
export async function revokePartnerSessions(db: Pick<Database, "delete">, partnerId: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.partnerId, partnerId));
}

/**
 * Which of a person's sessions a session may see and end: all of them from the portal (the person proved their address
 * by mail), only its own partner's from inside Peek Pro (the address there is Peek's claim for that account, which
 * vouches for nothing at another partner). Null: every partner.
 */
export type SessionScope = { partnerId: string } | null;
const inScope = (scope: SessionScope) => (scope ? eq(sessions.partnerId, scope.partnerId) : undefined);

/** Ends one session of a user (sign out, or revoking another device). */
export async function deleteSession(
  db: Pick<Database, "delete">,
  input: { sessionId: string; partnerUserId: string; scope?: SessionScope },
): Promise<boolean> {
  const deleted = await db
    .delete(sessions)
    .where(and(eq(sessions.id, input.sessionId), eq(sessions.partnerUserId, input.partnerUserId), inScope(input.scope ?? null)))
    .returning({ id: sessions.id });
  return deleted.length > 0;
}

/**
 * Ends every session of a user in scope, and, for every partner, the sign-in links mailed to them and not used yet
 * (sessions to come).
 */
export async function deleteUserSessions(
  db: Pick<Database, "transaction">,
  partnerUserId: string,
  now: Date,
  scope: SessionScope = null,
): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.delete(sessions).where(and(eq(sessions.partnerUserId, partnerUserId), inScope(scope)));
    if (!scope) await voidLoginTokens(tx, partnerUserId, now);
  });
}

/**
 * Deletes every session of the user in scope but `keepSessionId`, and, for every partner, their sign-in links not used
 * yet; returns how many sessions went.
 */
export async function deleteOtherSessions(
  db: Pick<Database, "transaction">,
  partnerUserId: string,
  keepSessionId: string,
  now: Date,
  scope: SessionScope = null,
): Promise<number> {
  return db.transaction(async (tx) => {
    const deleted = await tx
      .delete(sessions)
      .where(and(eq(sessions.partnerUserId, partnerUserId), ne(sessions.id, keepSessionId), inScope(scope)))
      .returning({ id: sessions.id });
    if (!scope) await voidLoginTokens(tx, partnerUserId, now);
    return deleted.length;
  });
}

/** A user's live sessions in scope, newest activity first. */
export async function listUserSessions(db: Pick<Database, "select">, partnerUserId: string, now: Date, scope: SessionScope = null) {
  return db
    .select({
      id: sessions.id,
      kind: sessions.kind,
      userAgent: sessions.userAgent,
      createdAt: sessions.createdAt,
      lastSeenAt: sessions.lastSeenAt,
    })
    .from(sessions)
    .where(and(eq(sessions.partnerUserId, partnerUserId), gt(sessions.expiresAt, now), inScope(scope)))
    .orderBy(desc(sessions.lastSeenAt));
}

/**
 * A portal session whose token is older than `reissueAfterSeconds` gets a new token (and a new lifetime, never past
 * `maxSeconds` after its sign-in) on its next use; null when the token is younger, or when a parallel request reissued
 * it first.
 */
export function reissueIfOld(
  db: Pick<Database, "update">,
  input: { session: VerifiedSession; token: string; now: Date; ttlSeconds: number; reissueAfterSeconds: number; maxSeconds: number },
): Promise<NewSession | null> {
  if (input.now.getTime() - input.session.tokenIssuedAt.getTime() < input.reissueAfterSeconds * 1000) return Promise.resolve(null);
  return reissueSession(db, {
    sessionId: input.session.sessionId,
    currentToken: input.token,
    ttlSeconds: input.ttlSeconds,
    now: input.now,
    endsBy: new Date(input.session.createdAt.getTime() + input.maxSeconds * 1000),
  });
}

/**
 * Makes a portal session act for another partner the user may reach from the portal: connected, not removed from its
 * portal, and installed (checked here and on every request). An embed session acts for the installation Peek opened it
 * for, and never switches.
 */
export async function switchSessionPartner(
  db: Pick<Database, "select" | "update">,
  input: { session: VerifiedSession; partnerId: string },
): Promise<{ partnerId: string }> {
  if (input.session.kind !== "portal") throw new ForbiddenError("Inside Peek, the app acts for the installation Peek opened it for");
  const [membership] = await db
    .select({ id: partnerUserConnections.id })
    .from(partnerUserConnections)
    .innerJoin(partners, and(eq(partners.id, partnerUserConnections.partnerId), isNull(partners.uninstalledAt)))
    .where(
      and(
        eq(partnerUserConnections.partnerId, input.partnerId),
        eq(partnerUserConnections.partnerUserId, input.session.user.id),
        isNull(partnerUserConnections.portalAccessRevokedAt),
      ),
    )
    .limit(1);
  if (!membership) throw new NotFoundError("No such partner");
  await db.update(sessions).set({ partnerId: input.partnerId }).where(eq(sessions.id, input.session.sessionId));
  return { partnerId: input.partnerId };
}
