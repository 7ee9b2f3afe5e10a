import { loginTokens, partnerUsers } from "@kit/db";
import { createTestDb, type TestDatabase } from "@kit/db/testing";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { consumeLoginToken, createLoginToken, inspectLoginToken, LOGIN_TOKEN_TTL_S } from "../services/login-tokens";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDb();
});
beforeEach(() => t.reset());
afterAll(() => t.close());

const now = new Date("2026-11-25T12:00:00Z");
const later = (seconds: number) => new Date(now.getTime() + seconds * 1000);

async function userWithToken(returnTo: string | null = null) {
  const [user] = await t.db.insert(partnerUsers).values({ email: "jane@example.com" }).returning();
  if (!user) throw new Error("no user");
  const { token, expiresAt } = await createLoginToken(t.db, { partnerUserId: user.id, sentTo: user.email, returnTo, now });
  return { user, token, expiresAt };
}

describe("login tokens", () => {
  it("stores only the hash, and can be inspected any number of times without being used up", async () => {
    const { user, token, expiresAt } = await userWithToken("/settings");
    expect(expiresAt).toEqual(later(LOGIN_TOKEN_TTL_S));
    const [stored] = await t.db.select().from(loginTokens);
    expect(stored?.tokenHash.toString("base64url")).not.toBe(token);
    for (let i = 0; i < 3; i++) {
      expect(await inspectLoginToken(t.db, token, now)).toEqual({
        ok: true,
        partnerUserId: user.id,
        email: "jane@example.com",
        returnTo: "/settings",
      });
    }
  });

  it("is consumed once", async () => {
    const { user, token } = await userWithToken();
    expect(await consumeLoginToken(t.db, token, now)).toMatchObject({ ok: true, partnerUserId: user.id });
    expect(await consumeLoginToken(t.db, token, now)).toEqual({ ok: false });
    expect(await inspectLoginToken(t.db, token, now)).toEqual({ ok: false });
  });

  it("expires after 15 minutes", async () => {
    const { token } = await userWithToken();
    expect((await inspectLoginToken(t.db, token, later(LOGIN_TOKEN_TTL_S - 1))).ok).toBe(true);
    expect(await inspectLoginToken(t.db, token, later(LOGIN_TOKEN_TTL_S))).toEqual({ ok: false });
    expect(await consumeLoginToken(t.db, token, later(LOGIN_TOKEN_TTL_S + 1))).toEqual({ ok: false });
  });

  it("stops working when the user's email changes", async () => {
    const { user, token } = await userWithToken();
    await t.db.update(partnerUsers).set({ email: "jane@new.example" }).where(eq(partnerUsers.id, user.id));
    expect(await inspectLoginToken(t.db, token, now)).toEqual({ ok: false });
    expect(await consumeLoginToken(t.db, token, now)).toEqual({ ok: false });
  });

  it("refuses garbage without a query error", async () => {
    expect(await inspectLoginToken(t.db, "x", now)).toEqual({ ok: false });
    expect(await consumeLoginToken(t.db, "'; drop table sessions; --", now)).toEqual({ ok: false });
  });
});
