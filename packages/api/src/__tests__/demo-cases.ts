import type { Database } from "@kit/db";
import { demoRecords } from "@kit/db";
import { eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { partnerCaller } from "./session-fixtures";

/** Every field type, with values that would lose something if any layer rounded or re-zoned them. */
export const fullRecord = {
  name: "Sunset cruise",
  description: "Long\ntext — with ünïcode",
  count: 2_147_483_647,
  rating: 4.25,
  price: "12345678901.05",
  active: true,
  tags: ["boat", "evening"],
  publishedOn: "2024-02-29",
  alarmTime: "07:30:05",
  naiveEventAt: "2026-03-29T02:30:00",
  status: "published" as const,
};

/** The CRUD cases, run on PGlite and on Postgres. `db()` gives an empty database for each test. */
export function demoCrudCases(db: () => Database) {
  it("lists every record exactly once, even records made in one transaction (one creation time to the microsecond)", async () => {
    const { caller, partner } = await partnerCaller(db(), "install-a");
    // One statement: every row gets the same now(), with microseconds a JavaScript date (and so a cursor) cannot hold.
    await db()
      .insert(demoRecords)
      .values(Array.from({ length: 25 }, (_, i) => ({ partnerId: partner.id, name: `Bulk ${i}`, status: "draft" as const })));
    const seen: string[] = [];
    for (let cursor: string | null | undefined, pages = 0; pages < 10; pages++) {
      const page = await caller.demo.list({ limit: 7, cursor });
      seen.push(...page.items.map((r) => r.name));
      expect(page.items.length).toBeGreaterThan(0);
      cursor = page.nextCursor;
      if (!cursor) break;
    }
    // The same with a search: the other query path.
    expect(seen.sort()).toEqual(Array.from({ length: 25 }, (_, i) => `Bulk ${i}`).sort());
    const searched: string[] = [];
    for (let cursor: string | null | undefined, pages = 0; pages < 10; pages++) {
      const page = await caller.demo.list({ limit: 7, cursor, search: "bulk" });
      searched.push(...page.items.map((r) => r.name));
      cursor = page.nextCursor;
      if (!cursor) break;
    }
    expect(searched.sort()).toEqual(seen);
  });

  it("round-trips every field type exactly through create, byId, list, update and remove", async () => {
    const { caller } = await partnerCaller(db(), "install-a");
    const created = await caller.demo.create(fullRecord);
    expect(created).toEqual({ ...fullRecord, id: expect.any(String), insertedAt: expect.any(Date), updatedAt: expect.any(Date) });
    expect(await caller.demo.byId({ id: created.id })).toEqual(created);
    expect((await caller.demo.list({})).items).toEqual([created]);

    const minimal = { name: "Renamed", status: "draft" as const };
    const updated = await caller.demo.update({ id: created.id, ...minimal });
    expect(updated).toMatchObject({
      ...minimal,
      description: null,
      count: null,
      rating: null,
      price: null,
      active: false,
      tags: null,
      publishedOn: null,
      alarmTime: null,
      naiveEventAt: null,
    });
    expect(await caller.demo.remove({ id: created.id })).toEqual({ id: created.id });
    await expect(caller.demo.byId({ id: created.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("keeps each partner's records to itself", async () => {
    const a = await partnerCaller(db(), "install-a");
    const b = await partnerCaller(db(), "install-b");
    const record = await a.caller.demo.create({ name: "A's", status: "draft" });
    expect((await b.caller.demo.list({})).items).toEqual([]);
    await expect(b.caller.demo.byId({ id: record.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(b.caller.demo.update({ id: record.id, name: "stolen", status: "archived" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(b.caller.demo.remove({ id: record.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    const [row] = await db().select().from(demoRecords).where(eq(demoRecords.id, record.id));
    expect(row).toMatchObject({ name: "A's", status: "draft", partnerId: a.partner.id });
  });

  it("refuses a duplicate name within a partner with CONFLICT on the name field, allows it across partners", async () => {
    const a = await partnerCaller(db(), "install-a");
    const b = await partnerCaller(db(), "install-b");
    const first = await a.caller.demo.create({ name: "Same", status: "draft" });
    await expect(a.caller.demo.create({ name: "Same", status: "draft" })).rejects.toMatchObject({ code: "CONFLICT" });
    const other = await a.caller.demo.create({ name: "Other", status: "draft" });
    await expect(a.caller.demo.update({ id: other.id, name: "Same", status: "draft" })).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(b.caller.demo.create({ name: "Same", status: "draft" })).resolves.toMatchObject({ name: "Same" });
    expect(await a.caller.demo.update({ id: first.id, name: "Same", status: "archived" })).toMatchObject({ status: "archived" });
  });
}
