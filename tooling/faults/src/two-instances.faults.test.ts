import { createDb, partners, webhookDeliveries } from "@kit/db";
import { mintPeekToken } from "@kit/peek";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Cluster, clusterUnavailable, startCluster } from "./pg-cluster";
import { ensureServerBuilt, SECRETS, type ServerProcess, startServer } from "./server-process";
import { installation, sendInstallation } from "./webhooks";

/** Two server instances on one Postgres, as behind a load balancer. */
const unavailable = clusterUnavailable();
const APP_URL = "http://app.example.test";

describe.skipIf(unavailable)("two instances on one Postgres", () => {
  let cluster: Cluster;
  let a: ServerProcess;
  let b: ServerProcess;
  beforeAll(async () => {
    await ensureServerBuilt();
    cluster = await startCluster();
    const env = { DATABASE_URL: cluster.url, APP_URL, NODE_ENV: "development", LOGIN_RATE_PER_EMAIL: "3" };
    a = await startServer(env);
    b = await startServer(env);
  });
  afterAll(async () => {
    a?.kill("SIGKILL");
    b?.kill("SIGKILL");
    await cluster?.destroy();
  });

  it("duplicate webhooks split across both give one partner row and one inbox row", async () => {
    const body = installation("dup-1");
    const outcomes = await Promise.all(Array.from({ length: 20 }, (_, i) => sendInstallation(i % 2 ? a.url : b.url, "dup-1", body)));
    expect(outcomes.map((o) => o.status)).toEqual(Array(20).fill(200));
    const handle = await createDb({ driver: "postgres", url: cluster.url, maxConnections: 1 });
    try {
      expect(await handle.db.$count(partners, eq(partners.appRegistryInstallationRefid, "dup-1"))).toBe(1);
      const deliveries = await handle.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.installId, "dup-1"));
      expect(deliveries).toHaveLength(1);
      expect(deliveries[0]?.deliveryCount).toBe(20);
    } finally {
      await handle.close();
    }
  });

  it("a session created on one instance works on the other", async () => {
    expect((await sendInstallation(a.url, "shared-session")).status).toBe(200);
    const token = await mintPeekToken({
      installId: "shared-session",
      secret: SECRETS.PEEK_APP_SECRET,
      user: { id: "u1", email: "jane@example.com", name: "Jane" },
    });
    const session = await fetch(`${a.url}/peek-pro/session`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ "peek-auth": token }),
    });
    expect(session.status).toBe(200);
    const { token: sessionToken } = (await session.json()) as { token: string };
    const me = await fetch(`${b.url}/trpc/partners.me`, { headers: { authorization: `Bearer ${sessionToken}` } });
    expect(me.status).toBe(200);
    expect(((await me.json()) as { result: { data: { json: { user: { email: string } } } } }).result.data.json.user.email).toBe(
      "jane@example.com",
    );
  });

  it("sign-in rate limits are shared: the fourth request for one email is refused whichever instance gets it", async () => {
    const request = (base: string) =>
      fetch(`${base}/trpc/partners.requestLoginLink`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: APP_URL },
        body: JSON.stringify({ json: { email: "rate@example.com" } }),
      }).then((r) => r.status);
    const statuses = [await request(a.url), await request(b.url), await request(a.url), await request(b.url)];
    expect(statuses).toEqual([200, 200, 200, 429]);
  });
});
