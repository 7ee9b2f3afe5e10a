import { createTestDb, type TestDatabase } from "@kit/db/testing";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { demoCrudCases, fullRecord } from "./demo-cases";
import { partnerCaller } from "./session-fixtures";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDb();
});
beforeEach(() => t.reset());
afterAll(() => t.close());

describe("demo router on PGlite", () => demoCrudCases(() => t.db));

describe("demo.list", () => {
  it("pages newest first with a cursor, searches by name, and says when the last page is reached", async () => {
    const { caller } = await partnerCaller(t.db, "install-a");
    for (let i = 0; i < 5; i++) await caller.demo.create({ name: `Record ${i}`, status: "draft" });
    await caller.demo.create({ name: "100%_literal", status: "draft" });
    const first = await caller.demo.list({ limit: 2 });
    expect(first.items.map((r) => r.name)).toEqual(["100%_literal", "Record 4"]);
    const second = await caller.demo.list({ limit: 2, cursor: first.nextCursor });
    expect(second.items.map((r) => r.name)).toEqual(["Record 3", "Record 2"]);
    const last = await caller.demo.list({ limit: 2, cursor: second.nextCursor });
    expect(last.items.map((r) => r.name)).toEqual(["Record 1", "Record 0"]);
    expect(last.nextCursor).toBeNull();
    expect((await caller.demo.list({ search: "record 3" })).items.map((r) => r.name)).toEqual(["Record 3"]);
    expect((await caller.demo.list({ search: "%" })).items.map((r) => r.name)).toEqual(["100%_literal"]);
    expect((await caller.demo.list({ search: "_" })).items.map((r) => r.name)).toEqual(["100%_literal"]);
  });
});

describe("demo procedures refuse bad input with BAD_REQUEST, never a 500", () => {
  const bad: [string, unknown][] = [
    ["no name", { status: "draft" }],
    ["a blank name", { name: "  ", status: "draft" }],
    ["a 1 MB name", { name: "x".repeat(1_000_000), status: "draft" }],
    ["an unknown status", { name: "n", status: "deleted" }],
    ["a string count", { name: "n", status: "draft", count: "7" }],
    ["a fractional count", { name: "n", status: "draft", count: 1.5 }],
    ["a count beyond int4", { name: "n", status: "draft", count: 2 ** 31 }],
    ["NaN rating", { name: "n", status: "draft", rating: Number.NaN }],
    ["Infinity rating", { name: "n", status: "draft", rating: Number.POSITIVE_INFINITY }],
    ["a float price", { name: "n", status: "draft", price: 12.5 }],
    ["a price with letters", { name: "n", status: "draft", price: "12,50 €" }],
    ["100 000 tags", { name: "n", status: "draft", tags: Array.from({ length: 100_000 }, (_, i) => `t${i}`) }],
    ["a non-string tag", { name: "n", status: "draft", tags: [1] }],
    ["an impossible date", { name: "n", status: "draft", publishedOn: "2026-02-30" }],
    ["a date in another format", { name: "n", status: "draft", publishedOn: "30/01/2026" }],
    ["a time past midnight", { name: "n", status: "draft", alarmTime: "24:00:00" }],
    ["a zoned timestamp", { name: "n", status: "draft", naiveEventAt: "2026-01-01T10:00:00Z" }],
    ["a NUL character", { name: "n\u0000", status: "draft" }],
    ["a NUL character in a tag", { name: "n", status: "draft", tags: ["a\u0000"] }],
    ["extra keys", { name: "n", status: "draft", partnerId: "00000000-0000-0000-0000-000000000000" }],
    ["a non-object", "name"],
  ];
  it.each(bad)("create with %s", async (_name, input) => {
    const { caller } = await partnerCaller(t.db, "install-a");
    await expect(caller.demo.create(input as never)).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("keeps SQL-looking and odd strings literally", async () => {
    const { caller } = await partnerCaller(t.db, "install-a");
    const name = "Robert'); DROP TABLE demo_records;--";
    const created = await caller.demo.create({
      ...fullRecord,
      name,
      description: "'quoted' \\ and %_ and $1",
      tags: ["' OR 1=1 --"],
    });
    expect(await caller.demo.byId({ id: created.id })).toMatchObject({ name, tags: ["' OR 1=1 --"] });
  });

  it.each([
    ["a non-uuid id", { id: "1 OR 1=1" }],
    ["a missing id", {}],
  ])("byId with %s", async (_name, input) => {
    const { caller } = await partnerCaller(t.db, "install-a");
    await expect(caller.demo.byId(input as never)).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it.each([
    ["limit over 100", { limit: 101 }],
    ["limit 0", { limit: 0 }],
    ["a forged cursor", { cursor: "bm90LWEtY3Vyc29y" }],
    ["a huge search", { search: "x".repeat(10_000) }],
    ["a NUL in the search", { search: "a\u0000" }],
  ])("list with %s", async (_name, input) => {
    const { caller } = await partnerCaller(t.db, "install-a");
    await expect(caller.demo.list(input as never)).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("requires a session", async () => {
    const { caller } = await partnerCaller(t.db, "install-a");
    expect((await caller.demo.list({})).items).toEqual([]);
  });
});
