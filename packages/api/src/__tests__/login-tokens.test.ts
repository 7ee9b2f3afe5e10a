import { loginTokens, partnerUsers } from "@kit/db";
import { createTestDb, type TestDatabase } from "@kit/db/testing";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { sendLoginLink } from "../mail/login-link-job";
import type { MailMessage } from "../mail/transports";
import { consumeLoginToken, createLoginToken, inspectLoginToken, LOGIN_TOKEN_TTL_S } from "../services/login-tokens";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDb();
});
beforeEach(() => t.reset());
afterAll(() => t.close());

const now = new Date("2026-11-25T12:00:00Z");
const later = (seconds: number) => new Date(now.getTime() + seconds * 1000);

const portal = {
  appName: "Kit",
  appUrl: "https://app.example.com",
  embeddedAppUrl: null,
  mailEnabled: true,
  loginRatePerEmail: 5,
  loginRatePerIp: 5,
};

/** Asks for a link and sends it (the job's work), reading the token out of the mail like the user would. */
async function userWithToken(returnTo: string | null = null) {
  const [user] = await t.db.insert(partnerUsers).values({ email: "jane@example.com" }).returning();
  if (!user) throw new Error("no user");
  const { id } = await createLoginToken(t.db, { partnerUserId: user.id, sentTo: user.email, returnTo, now });
  const sent: MailMessage[] = [];
  const mail = { name: "smtp" as const, send: async (m: MailMessage) => void sent.push(m) };
  expect(await sendLoginLink({ db: t.db, mail, config: portal, clock: () => now }, { loginTokenId: id })).toBe("sent");
  const token = /token=([A-Za-z0-9_-]{43})/.exec(sent[0]?.text ?? "")?.[1] ?? "";
  const [row] = await t.db.select().from(loginTokens).where(eq(loginTokens.id, id));
  return { user, token, expiresAt: row?.expiresAt, id, mail, sent };
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

  it("keeps no usable link at rest: the link exists only in the mail, and a resend retires the one before", async () => {
    const { user, token, id, mail, sent } = await userWithToken();
    expect(token).toHaveLength(43);
    // What was stored before sending could never be used: the row's first hash is of a token nobody saw.
    expect(await inspectLoginToken(t.db, token, now)).toMatchObject({ ok: true, partnerUserId: user.id });
    await sendLoginLink({ db: t.db, mail, config: portal, clock: () => now }, { loginTokenId: id }); // a retry
    const second = /token=([A-Za-z0-9_-]{43})/.exec(sent[1]?.text ?? "")?.[1] ?? "";
    expect(second).not.toBe(token);
    expect(await inspectLoginToken(t.db, token, now)).toEqual({ ok: false });
    expect((await inspectLoginToken(t.db, second, now)).ok).toBe(true);
  });

  it("does not send a link already used, or asked for more than an hour ago", async () => {
    const { token, id, mail, sent } = await userWithToken();
    await consumeLoginToken(t.db, token, now);
    expect(await sendLoginLink({ db: t.db, mail, config: portal, clock: () => now }, { loginTokenId: id })).toBe("skipped");
    const { id: old } = await createLoginToken(t.db, {
      partnerUserId: (await t.db.select().from(partnerUsers))[0]?.id ?? "",
      sentTo: "jane@example.com",
      returnTo: null,
      now,
    });
    expect(await sendLoginLink({ db: t.db, mail, config: portal, clock: () => later(3601) }, { loginTokenId: old })).toBe("skipped");
    expect(sent).toHaveLength(1);
  });

  it("refuses garbage without a query error", async () => {
    expect(await inspectLoginToken(t.db, "x", now)).toEqual({ ok: false });
    expect(await consumeLoginToken(t.db, "'; drop table sessions; --", now)).toEqual({ ok: false });
  });
});
