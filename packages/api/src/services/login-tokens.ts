import { type Database, loginTokens, partnerUsers } from "@kit/db";
import { and, eq, gt, isNull } from "drizzle-orm";
import { hashToken, newSecretToken } from "./token-hash";

/** A sign-in link works for this long after it is mailed. */
export const LOGIN_TOKEN_TTL_S = 15 * 60;

/**
 * A new magic-link token for a user, bound to the address it is sent to. Its hash is of a token nobody ever sees: the
 * mail job mints the real one when it sends (see `sendLoginLink`), so no usable link is stored. Returns the row's id.
 */
export async function createLoginToken(
  db: Pick<Database, "insert">,
  input: { partnerUserId: string; sentTo: string; returnTo: string | null; now: Date },
): Promise<{ id: string }> {
  const [row] = await db
    .insert(loginTokens)
    .values({
      tokenHash: hashToken(newSecretToken()),
      partnerUserId: input.partnerUserId,
      sentTo: input.sentTo,
      returnTo: input.returnTo,
      createdAt: input.now,
      expiresAt: new Date(input.now.getTime() + LOGIN_TOKEN_TTL_S * 1000),
    })
    .returning({ id: loginTokens.id });
  if (!row) throw new Error("login token not created");
  return row;
}

export type LoginTokenCheck = { ok: true; partnerUserId: string; email: string; returnTo: string | null } | { ok: false };

const plausible = (token: string) => /^[A-Za-z0-9_-]{43}$/.test(token);

/** What a link is for, without using it up (mail scanners prefetch links): unknown, expired, used or re-addressed → not ok. */
export async function inspectLoginToken(db: Database, token: string, now: Date): Promise<LoginTokenCheck> {
  if (!plausible(token)) return { ok: false };
  const [row] = await db
    .select({ partnerUserId: loginTokens.partnerUserId, email: partnerUsers.email, returnTo: loginTokens.returnTo })
    .from(loginTokens)
    .innerJoin(partnerUsers, and(eq(partnerUsers.id, loginTokens.partnerUserId), eq(partnerUsers.email, loginTokens.sentTo)))
    .where(and(eq(loginTokens.tokenHash, hashToken(token)), gt(loginTokens.expiresAt, now), isNull(loginTokens.consumedAt)))
    .limit(1);
  return row ? { ok: true, ...row } : { ok: false };
}

/**
 * Uses a link up: one conditional UPDATE marks it consumed, so of two parallel confirmations exactly one succeeds.
 */
export async function consumeLoginToken(db: Pick<Database, "update">, token: string, now: Date): Promise<LoginTokenCheck> {
  if (!plausible(token)) return { ok: false };
  const [row] = await db
    .update(loginTokens)
    .set({ consumedAt: now })
    .from(partnerUsers)
    .where(
      and(
        eq(loginTokens.tokenHash, hashToken(token)),
        gt(loginTokens.expiresAt, now),
        isNull(loginTokens.consumedAt),
        eq(partnerUsers.id, loginTokens.partnerUserId),
        eq(partnerUsers.email, loginTokens.sentTo),
      ),
    )
    .returning({ partnerUserId: loginTokens.partnerUserId, email: partnerUsers.email, returnTo: loginTokens.returnTo });
  return row ? { ok: true, ...row } : { ok: false };
}

/** Ends a user's links not used yet (they signed out everywhere else): each is then refused like a used one. */
export async function voidLoginTokens(db: Pick<Database, "update">, partnerUserId: string, now: Date): Promise<void> {
  await db
    .update(loginTokens)
    .set({ consumedAt: now })
    .where(and(eq(loginTokens.partnerUserId, partnerUserId), isNull(loginTokens.consumedAt)));
}
