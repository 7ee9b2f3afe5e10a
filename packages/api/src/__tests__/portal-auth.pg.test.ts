import { partnerUsers } from "@kit/db";
import { createPostgresTestDb, describeWithPostgres } from "@kit/db/testing";
import { afterAll, beforeAll, expect, it } from "vitest";
import { sendLoginLink } from "../mail/login-link-job";
import { consumeLoginToken, createLoginToken } from "../services/login-tokens";
import { hitRateLimit } from "../services/rate-limit";

describeWithPostgres("portal sign-in on Postgres under concurrency", () => {
  let t: Awaited<ReturnType<typeof createPostgresTestDb>>;
  beforeAll(async () => {
    t = await createPostgresTestDb();
  });
  afterAll(() => t?.close());

  it("two parallel confirmations of one link: exactly one succeeds", async () => {
    const [user] = await t.db.insert(partnerUsers).values({ email: "race@example.com" }).returning();
    const now = new Date();
    const { id } = await createLoginToken(t.db, { partnerUserId: user?.id as string, sentTo: "race@example.com", returnTo: null, now });
    const texts: string[] = [];
    const mail = {
      name: "smtp" as const,
      send: async (message: { text: string }) => {
        texts.push(message.text);
      },
    };
    const portal = {
      appName: "Kit",
      appUrl: "https://a.example",
      embeddedAppUrl: null,
      mailEnabled: true,
      loginRatePerEmail: 5,
      loginRatePerIp: 5,
    };
    await sendLoginLink({ db: t.db, mail, config: portal, clock: () => now }, { loginTokenId: id });
    const token = /token=([A-Za-z0-9_-]{43})/.exec(texts[0] ?? "")?.[1] ?? "";
    const results = await Promise.all(Array.from({ length: 10 }, () => consumeLoginToken(t.db, token, now)));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
  });

  it("a limit is shared by two app instances on one database", async () => {
    const other = await t.reopen();
    try {
      const now = new Date();
      const hits = Array.from({ length: 50 }, (_, i) =>
        hitRateLimit(i % 2 ? t.db : other.db, { key: "login:ip:203.0.113.9", limit: 30, windowSeconds: 900, now }),
      );
      const results = await Promise.all(hits);
      expect(results.filter((r) => r.allowed)).toHaveLength(30);
    } finally {
      await other.close();
    }
  });
});
