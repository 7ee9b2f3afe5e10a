import { partners, rowsOf, webhookDeliveries } from "@kit/db";
import { describeWithPostgres } from "@kit/db/testing";
import { sql } from "drizzle-orm";
import { expect, it } from "vitest";
import { installationBody, peekToken, postWebhook } from "./peek-fixtures";
import { useTestApp } from "./test-app";

const URL = "/registry/api/on-installation-status-change";

describeWithPostgres("installation webhook on Postgres under concurrency", () => {
  const ctx = useTestApp(() => ({}), { postgres: true });

  it("20 concurrent identical deliveries give one partner and twenty 2xx", async () => {
    const body = installationBody();
    const token = await peekToken("install-123");
    const responses = await Promise.all(Array.from({ length: 20 }, () => postWebhook(ctx.app, URL, body, token)));
    expect(responses.map((r) => r.statusCode)).toEqual(Array(20).fill(200));
    expect(await ctx.t.db.select().from(partners)).toHaveLength(1);
    expect(await ctx.t.db.select().from(webhookDeliveries)).toMatchObject([{ deliveryCount: 20 }]);
  });

  it("25 concurrent identical first deliveries of a new installation run the install hook once, every time", async () => {
    const metricJobs = async () =>
      Number(rowsOf<{ n: string }>(await ctx.t.db.execute(sql`select count(*) as n from pgboss.job where name = 'metrics.install'`))[0]?.n);
    for (let round = 0; round < 5; round++) {
      const installId = `install-round-${round}`;
      const body = installationBody({ install_id: installId }, { id: `acct-${round}` });
      const token = await peekToken(installId);
      const responses = await Promise.all(Array.from({ length: 25 }, () => postWebhook(ctx.app, URL, body, token)));
      expect(responses.map((r) => r.statusCode)).toEqual(Array(25).fill(200));
      expect(await metricJobs()).toBe(round + 1);
    }
    expect(await ctx.t.db.$count(partners)).toBe(5);
  });

  it("concurrent first deliveries of two installations of one account race on the account key without a 500", async () => {
    const deliveries = ["install-a", "install-b", "install-c", "install-d"].map(async (installId) =>
      postWebhook(ctx.app, URL, installationBody({ install_id: installId }), await peekToken(installId)),
    );
    const responses = await Promise.all(deliveries);
    expect(responses.map((r) => r.statusCode)).toEqual([200, 200, 200, 200]);
    const rows = await ctx.t.db.select().from(partners);
    expect(rows).toHaveLength(1);
    expect(["install-a", "install-b", "install-c", "install-d"]).toContain(rows[0]?.appRegistryInstallationRefid);
  });

  it("deliveries that change the status and deliveries that repeat it, all at once, neither deadlock nor lose a row", async () => {
    const token = await peekToken("install-123");
    expect((await postWebhook(ctx.app, URL, installationBody(), token)).statusCode).toBe(200);
    const statuses = ["installed", "uninstalled", "update_installed", "installed", "uninstalled"];
    const responses = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        postWebhook(ctx.app, URL, installationBody({ status: statuses[i % statuses.length], display_version: `1.0.${i % 8}` }), token),
      ),
    );
    expect(responses.map((r) => r.statusCode)).toEqual(Array(40).fill(200));
    const deliveries = await ctx.t.db.select().from(webhookDeliveries);
    expect(deliveries.reduce((sum, row) => sum + row.deliveryCount, 0)).toBe(41);
    expect(await ctx.t.db.select().from(partners)).toHaveLength(1);
  });
});
