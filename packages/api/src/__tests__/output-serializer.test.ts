import superjson from "superjson";
import { describe, expect, it } from "vitest";
import { isoString, serializeOutput } from "../output-serializer";

/** A deterministic pseudo-random generator, so a failing case can be reproduced from its seed. */
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

const KEYS = ["id", "name", "a.b", "back\\slash", "createdAt", "", "0", "x.y.z", "ünï", "items"];

function sample(next: () => number, depth: number): unknown {
  const pick = Math.floor(next() * (depth > 3 ? 6 : 9));
  switch (pick) {
    case 0:
      return null;
    case 1:
      return next() > 0.5;
    case 2:
      return Math.round(next() * 1e6) / 100 - 5_000;
    case 3:
      return `s${Math.floor(next() * 1000)}`;
    case 4:
    case 5:
      return new Date(Math.floor(next() * 4e12));
    case 6:
      return Array.from({ length: Math.floor(next() * 4) }, () => sample(next, depth + 1));
    default: {
      const object: Record<string, unknown> = {};
      for (let i = Math.floor(next() * 5); i > 0; i--) object[KEYS[Math.floor(next() * KEYS.length)] as string] = sample(next, depth + 1);
      return object;
    }
  }
}

describe("serializeOutput", () => {
  it("gives superjson's output for 2 000 random trees of JSON values and dates, and they read back equal", () => {
    for (let seed = 1; seed <= 2_000; seed++) {
      const value = sample(random(seed), 0);
      const fast = serializeOutput(value);
      expect(fast, `seed ${seed}`).toEqual(superjson.serialize(value));
      expect(superjson.deserialize(JSON.parse(JSON.stringify(fast))), `seed ${seed}`).toEqual(value);
    }
  });

  it("gives superjson's output for a page of rows with dates, and for a date alone", () => {
    const page = {
      items: Array.from({ length: 20 }, (_, i) => ({ id: `r${i}`, price: "12.50", createdAt: new Date(i * 1000), deletedAt: null })),
      nextCursor: "abc",
    };
    expect(serializeOutput(page)).toEqual(superjson.serialize(page));
    expect(serializeOutput(new Date(5))).toEqual(superjson.serialize(new Date(5)));
    expect(serializeOutput("text")).toEqual(superjson.serialize("text"));
  });

  it("copies only what holds a date, leaves the procedure's value as it was, and writes an array's own toJSON as superjson does", () => {
    const tags = ["a", "b"];
    const nested = { depth: 2, tags };
    const row = { id: "r1", createdAt: new Date(1000), nested };
    const value = { items: [row], nextCursor: null };
    const { json } = serializeOutput(value) as { json: { items: [{ createdAt: unknown; nested: unknown }] } };
    expect(json.items[0].nested).toBe(nested);
    expect(json.items[0].createdAt).toBe("1970-01-01T00:00:01.000Z");
    expect(row.createdAt).toEqual(new Date(1000));
    expect(value.items[0]).toBe(row);
    const withToJson = Object.assign(["x"], { toJSON: () => "replaced" });
    expect(JSON.stringify(serializeOutput({ list: withToJson }))).toBe(JSON.stringify(superjson.serialize({ list: withToJson })));
  });

  it("hands everything else to superjson: undefined, NaN, -0, BigInt, Map, Set, class instances, shared objects", () => {
    const shared = { n: 1 };
    class Money {
      constructor(readonly cents: number) {}
    }
    const cases: unknown[] = [
      { a: undefined },
      [Number.NaN],
      { n: -0 },
      { big: 10n },
      new Map([["k", 1]]),
      { set: new Set([1]) },
      { money: new Money(5) },
      { a: shared, b: shared },
      { when: new Date(Number.NaN) },
      JSON.parse('{"__proto__": {"x": 1}}'),
      Object.assign(new Array(3), { 0: 1, 2: 3 }),
      new Error("boom"),
    ];
    const outcome = (serialize: () => unknown) => {
      try {
        return { value: serialize() };
      } catch (error) {
        return { error: (error as Error).message };
      }
    };
    for (const value of cases) expect(outcome(() => serializeOutput(value))).toEqual(outcome(() => superjson.serialize(value)));
  });

  it("writes a date as `toISOString` does: across years 0 to 9999, at the edges, and outside them", () => {
    const edges = [
      0,
      -1,
      1,
      -62_167_219_200_000, // 0000-01-01T00:00:00.000Z
      -62_167_219_200_001, // the last millisecond of year -1: written with a sign
      253_402_300_799_999, // 9999-12-31T23:59:59.999Z
      253_402_300_800_000, // +010000-01-01
      951_782_400_000, // 2000-02-29
      -2_208_988_800_000, // 1900-01-01 (not a leap year)
      4_107_542_400_000, // 2100-02-28
      8.64e15,
      -8.64e15,
    ];
    const next = random(7);
    const spread = 253_402_300_799_999 + 62_167_219_200_000;
    const times = [...edges, ...Array.from({ length: 20_000 }, () => Math.floor(-62_167_219_200_000 + next() * spread))];
    for (const time of times) expect(isoString(new Date(time))).toBe(new Date(time).toISOString());
  });
});
