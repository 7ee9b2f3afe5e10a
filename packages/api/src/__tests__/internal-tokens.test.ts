import { createTestDb, type TestDatabase } from "@kit/db/testing";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createInnerContext } from "../context";
import type { Logger } from "../logger";
import { createCaller } from "../root";
import { mintInternalToken, verifyInternalToken } from "../services/internal-tokens";
import { partnerCaller } from "./session-fixtures";

const SECRET = "internal-api-secret-0123456789abcdef0123";
const config = { secret: SECRET, issuers: ["reporting-app", "billing-app"] };
const logged: object[] = [];
const logger: Logger = { info: (obj) => logged.push(obj), warn() {}, error() {} };

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDb();
});
beforeEach(async () => {
  await t.reset();
  logged.length = 0;
});
afterAll(() => t.close());

const internalCaller = (token: string, internalTokens: typeof config | null = config) =>
  createCaller(createInnerContext({ db: t.db, logger, internalTokens }, { bearerToken: token }));
const token = (overrides: Partial<Parameters<typeof mintInternalToken>[0]> = {}) =>
  mintInternalToken({ issuer: "reporting-app", installId: "install-a", secret: SECRET, ...overrides });

describe("service-to-service tokens", () => {
  it("let an allowlisted app act for one installation, as nobody in particular, and log who called", async () => {
    const a = await partnerCaller(t.db, "install-a");
    await a.caller.demo.create({ name: "A's record", status: "draft" });
    const caller = internalCaller(await token());
    expect(await caller.partners.me()).toMatchObject({
      user: null,
      partner: { id: a.partner.id },
      partners: [{ id: a.partner.id }],
      sessionKind: null,
    });
    expect((await caller.demo.list({})).items.map((r) => r.name)).toEqual(["A's record"]);
    expect(logged).toContainEqual({ caller: "reporting-app", partnerId: a.partner.id });
  });

  it("are refused when issued in the future (beyond the clock leeway), even if otherwise valid", async () => {
    const now = new Date();
    const ahead = await token({ now: new Date(now.getTime() + 60_000) });
    expect(await verifyInternalToken(ahead, config, now)).toMatchObject({ ok: false });
    expect(await verifyInternalToken(await token({ now: new Date(now.getTime() + 2_000) }), config, now)).toMatchObject({ ok: true });
  });

  it("never reach another installation's data", async () => {
    await partnerCaller(t.db, "install-a");
    const b = await partnerCaller(t.db, "install-b");
    const bRecord = await b.caller.demo.create({ name: "B's record", status: "draft" });
    const caller = internalCaller(await token({ installId: "install-a" }));
    await expect(caller.demo.byId({ id: bRecord.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(caller.demo.remove({ id: bRecord.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await caller.demo.list({})).items).toEqual([]);
    expect((await b.caller.demo.list({})).items).toHaveLength(1);
  });

  it.each<[string, () => Promise<string>, (typeof config | null)?]>([
    ["expired", () => token({ ttlSeconds: -10 })],
    ["living longer than 5 minutes", () => token({ ttlSeconds: 600 })],
    ["from an unknown app", () => token({ issuer: "someone-else" })],
    ["signed with another secret", () => token({ secret: "x".repeat(40) })],
    ["for an unknown installation", () => token({ installId: "install-zzz" })],
    ["when INTERNAL_API_SECRET is not configured", () => token(), null],
  ])("are refused when %s", async (_name, makeToken, internalTokens = config) => {
    await partnerCaller(t.db, "install-a");
    await expect(internalCaller(await makeToken(), internalTokens).partners.me()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });

  it("cannot do what only a signed-in person can", async () => {
    await partnerCaller(t.db, "install-a");
    await expect(internalCaller(await token()).partners.sessions()).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(internalCaller(await token()).partners.logoutEverywhere()).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});
