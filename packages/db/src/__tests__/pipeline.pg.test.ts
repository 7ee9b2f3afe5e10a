import { sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createDb, type DatabaseHandle } from "../client";
import { createPostgresTestDb, describeWithPostgres, type TestDatabase } from "../testing";

/**
 * The order in which a slow query and five quick ones sent after it finish, on a pool of two connections that carry
 * `pipeline` queries each at once.
 */
async function finishingOrder(url: string, pipeline?: number): Promise<string[]> {
  const handle: DatabaseHandle = await createDb({ driver: "postgres", url, maxConnections: 2, ...(pipeline ? { pipeline } : {}) });
  try {
    // Both connections open first, so that neither query below waits for one to connect.
    await Promise.all([handle.db.execute(sql`select 1`), handle.db.execute(sql`select 1`)]);
    const order: string[] = [];
    const slow = handle.db.execute(sql`select pg_sleep(0.4)`).then(() => order.push("slow"));
    const quick = Array.from({ length: 5 }, (_, i) => handle.db.execute(sql`select ${i}::int`).then(() => order.push(`quick ${i}`)));
    await Promise.all([slow, ...quick]);
    return order;
  } finally {
    await handle.close();
  }
}

describeWithPostgres("a connection's pipeline (DATABASE_PIPELINE)", () => {
  let t: TestDatabase & { url: string };
  beforeAll(async () => {
    t = await createPostgresTestDb({ migrated: false });
  });
  afterAll(() => t?.close());

  it("with 1, lets no query wait behind a slow one: each waits for an idle connection", async () => {
    expect((await finishingOrder(t.url, 1)).at(-1)).toBe("slow");
  });

  it("with more, pipelines a query behind a busy connection's, up to that depth (4 by default)", async () => {
    // The quick queries go to both busy connections in turn: some wait behind the slow one, the others finish first.
    const order = await finishingOrder(t.url);
    expect(order.at(-1)).not.toBe("slow");
    expect(order.indexOf("slow")).toBeGreaterThanOrEqual(2);
  });

  it("runs a transaction whose BEGIN fills a busy connection's pipeline (it failed with UNSAFE_TRANSACTION: the postgres.js patch)", async () => {
    const handle = await createDb({ driver: "postgres", url: t.url, maxConnections: 2, pipeline: 2 });
    try {
      if (handle.raw.driver !== "postgres") throw new Error("a Postgres handle");
      const client = handle.raw.client;
      await Promise.all([client`select 1`, client`select 1`]);
      // Both connections run a query, each with room for one more behind it: the BEGIN goes behind one of them.
      const running = [client`select pg_sleep(0.05)`.execute(), client`select pg_sleep(0.05)`.execute()];
      const transaction = client.begin(async (tx) => (await tx`select 42 as n`)[0]?.n);
      expect(await transaction).toBe(42);
      await Promise.all(running);
    } finally {
      await handle.close();
    }
  });
});
