import { join } from "node:path";
import { dedupeKeyOf } from "@kit/api";
import { createDb, migrate, partners, webhookDeliveries } from "@kit/db";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { kitRunner } from "../testing";

/** `kit webhooks` on a PGlite data directory: a delivery an earlier version refused is replayed and applied. */
const runner = kitRunner();
const pgliteDir = join(runner.dataDir, "pglite");
runner.env.PGLITE_DIR = pgliteDir;
let rejectedId = "";
let acceptedId = "";

beforeAll(async () => {
  const handle = await createDb({ driver: "pglite", dataDir: pgliteDir });
  await migrate(handle);
  const payload = {
    status: "installed",
    install_id: "install-replay",
    display_version: "1.0.0",
    account: { id: "acct-9", name: "Replayed Tours", platform: "peek", is_test: false },
  };
  const rows = await handle.db
    .insert(webhookDeliveries)
    .values([
      {
        kind: "installation",
        dedupeKey: dedupeKeyOf("installation", "install-replay", payload),
        installId: "install-replay",
        outcome: "rejected",
        reason: "refused by an older version",
        payload,
      },
      { kind: "booking", dedupeKey: "k2", installId: "install-replay", outcome: "accepted", payload: { booking: { id: "b1" } } },
    ])
    .returning();
  rejectedId = rows[0]?.id ?? "";
  acceptedId = rows[1]?.id ?? "";
  await handle.close();
});
afterAll(() => runner.cleanup());

describe("kit webhooks", () => {
  it("lists deliveries, the rejected ones on demand", async () => {
    const all = await runner.kit("webhooks", "list");
    expect(all.out).toHaveLength(2);
    const rejected = await runner.kit("webhooks", "list", "--rejected");
    expect(rejected.out).toEqual([
      expect.stringMatching(new RegExp(`^${rejectedId} .*installation +rejected install-replay  \\(refused by an older version\\)`)),
    ]);
  });

  it("replays a rejected delivery through the route's code: the partner exists and the row reads accepted", async () => {
    const result = await runner.kit("webhooks", "replay", rejectedId);
    expect(result.err).toEqual([]);
    expect(result.last).toBe(
      `replayed installation delivery ${rejectedId} for install-replay: 200 Partner Replayed Tours updated successfully.`,
    );
    const handle = await createDb({ driver: "pglite", dataDir: pgliteDir });
    try {
      expect((await handle.db.select().from(partners)).map((p) => p.name)).toEqual(["Replayed Tours"]);
      const [row] = await handle.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, rejectedId));
      expect(row).toMatchObject({ outcome: "accepted", reason: null, deliveryCount: 2 });
    } finally {
      await handle.close();
    }
  });

  it("refuses to re-apply an accepted delivery without --force, and unknown ids", async () => {
    const accepted = await runner.kit("webhooks", "replay", acceptedId);
    expect(accepted.code).toBe(1);
    expect(accepted.err.join()).toMatch(/accepted already; --force/);
    expect((await runner.kit("webhooks", "replay", "not-an-id")).code).toBe(2);
    const unknown = await runner.kit("webhooks", "replay", "00000000-0000-4000-8000-000000000000");
    expect(unknown.err.join()).toMatch(/no delivery 00000000/);
  });
});
