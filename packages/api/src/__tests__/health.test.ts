import { createServer, type Server, type Socket } from "node:net";
import { createDb, partners, partnerUsers } from "@kit/db";
import { createTestDb, type TestDatabase } from "@kit/db/testing";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createInnerContext } from "../context";
import type { Logger } from "../logger";
import { createCaller } from "../root";
import { getHealthStatus } from "../services/health";
import { createSession } from "../services/sessions";

const silent: Logger = { info() {}, warn() {}, error() {} };
let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDb();
});
beforeEach(() => t.reset());
afterAll(() => t.close());

const caller = () => createCaller(createInnerContext({ db: t.db, logger: silent }));

const installation = (status: "installed" | "uninstalled" | "update_installed", id: string) => ({
  status,
  display_version: "1.0.0",
  install_id: id,
});

describe("health.status", () => {
  it("is green when the database answers", async () => {
    expect(await caller().health.status()).toEqual({
      ragStatus: "green",
      publicMessage: "Operational",
      internalMessage: "All systems operational",
    });
  });

  it("is red, without throwing, when the database refuses connections", async () => {
    const unreachable = await createDb({ driver: "postgres", url: "postgres://kit@127.0.0.1:1/none" });
    try {
      const status = await createCaller(createInnerContext({ db: unreachable.db, logger: silent })).health.status();
      expect(status.ragStatus).toBe("red");
      expect(status.internalMessage).toMatch(/^Database did not answer: query failed/);
      expect(status.internalMessage).not.toContain("127.0.0.1");
    } finally {
      await unreachable.close();
    }
  });

  describe("when the database accepts but never answers", () => {
    let silentServer: Server;
    let port = 0;
    const sockets = new Set<Socket>();
    beforeAll(async () => {
      silentServer = createServer((socket) => sockets.add(socket));
      await new Promise<void>((resolve) => silentServer.listen(0, "127.0.0.1", resolve));
      port = (silentServer.address() as { port: number }).port;
    });
    afterAll(async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => silentServer.close(() => resolve()));
    });

    it("is red after the check's timeout", async () => {
      const hung = await createDb({ driver: "postgres", url: `postgres://kit@127.0.0.1:${port}/none` });
      const started = Date.now();
      const status = await getHealthStatus(hung.db, 200);
      expect(Date.now() - started).toBeLessThan(2_000);
      expect(status).toMatchObject({ ragStatus: "red", internalMessage: "Database did not answer: no answer within 200 ms" });
      if (hung.raw.driver === "postgres") await hung.raw.client.end({ timeout: 0 });
    });
  });
});

describe("health.usage", () => {
  it("counts real partners whose app is installed or updated, and the active ones among them", async () => {
    const rows = await t.db
      .insert(partners)
      .values([
        { name: "Installed", externalRefid: "a", appRegistryInstallation: installation("installed", "i-a") },
        { name: "Updated", externalRefid: "b", appRegistryInstallation: installation("update_installed", "i-b") },
        { name: "Gone", externalRefid: "c", appRegistryInstallation: installation("uninstalled", "i-c") },
        { name: "Test", externalRefid: "d", isTest: true, appRegistryInstallation: installation("installed", "i-d") },
        { name: "Never", externalRefid: "e" },
      ])
      .returning();
    const [user] = await t.db.insert(partnerUsers).values({ email: "jane@example.com" }).returning();
    const now = new Date();
    const byName = (name: string) => rows.find((row) => row.name === name)?.id as string;
    const sessionAt = (name: string, daysAgo: number) =>
      createSession(t.db, {
        partnerUserId: user?.id as string,
        partnerId: byName(name),
        kind: "embed",
        ttlSeconds: 60,
        now: new Date(now.getTime() - daysAgo * 86_400_000),
      });
    await sessionAt("Installed", 2); // active
    await sessionAt("Updated", 31); // installed, but not seen for a month
    await sessionAt("Gone", 1); // uninstalled
    await sessionAt("Test", 1); // test partner
    expect(await caller().health.usage()).toEqual({
      activePartners: 1,
      installedPartners: 2,
      customMetrics: [{ name: "records_created_24h", value: 0 }],
      notableEvents: [],
    });
  });

  it("is zero on an empty database", async () => {
    expect(await caller().health.usage()).toMatchObject({ activePartners: 0, installedPartners: 0 });
  });
});
