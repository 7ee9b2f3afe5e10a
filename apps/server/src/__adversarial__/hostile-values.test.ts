import { beforeAll, describe, expect, it } from "vitest";
import { useTestApp } from "../__tests__/test-app";
import { procedureCaller } from "./adversarial-fixtures";

/**
 * The "values" table: every column type the procedures accept, fed its boundary values (and just past them) through
 * the real router. Each answer is either stored exactly (read back equal) or a 400 naming the field — never a 500 from
 * a value the schema let through and Postgres could not store.
 */
// Every case writes records of its own name: one partner and one session serve the whole file.
const ctx = useTestApp(() => ({}), { resetEach: false });
const { partnerSession, call } = procedureCaller(() => ctx.app);
let session = "";
beforeAll(async () => {
  session = await partnerSession("values");
});

const base = {
  name: "Boundary",
  description: "d",
  count: 1,
  rating: 1,
  price: "1.00",
  active: true,
  tags: ["t"],
  publishedOn: "2024-01-01",
  alarmTime: "12:00:00",
  naiveEventAt: "2024-01-01T12:00:00",
  status: "draft",
};

/** Per column type (one field each), the boundaries and the values just past them. */
const BOUNDARIES: Record<keyof typeof base, unknown[]> = {
  name: ["", " ", "x".repeat(200), "x".repeat(201), "nul\u0000", "lone \ud800 surrogate", 42, null],
  description: [null, "", "x".repeat(10_000), "x".repeat(10_001), "nul\u0000"],
  count: [-2_147_483_648, 2_147_483_647, -2_147_483_649, 2_147_483_648, 1.5, "1", 1e300, -0],
  rating: [-1e9, 1e9, -1e9 - 1, 1e9 + 1, 5e-324, 1e308, -0, "4.5"],
  price: ["0", "-0.01", "9999999999999.99", "99999999999999", "1.234", "1e5", "NaN", "", 12.5],
  active: [true, false, "true", 1, null],
  tags: [[], Array(20).fill("t"), Array(21).fill("t"), ["x".repeat(50)], ["x".repeat(51)], ["nul\u0000"], [""], "tag", [1]],
  publishedOn: [
    "0001-01-01",
    "9999-12-31",
    "0000-01-01",
    "10000-01-01",
    "-0001-01-01",
    "2023-02-29",
    "2024-02-29",
    "2026-13-01",
    "2026-1-1",
  ],
  alarmTime: ["00:00:00", "23:59:59", "24:00:00", "23:60:00", "23:59:60", "7:00:00", "07:00"],
  naiveEventAt: [
    "0001-01-01T00:00:00",
    "9999-12-31T23:59:59",
    "0000-01-01T00:00:00",
    "10000-01-01T00:00:00",
    "2026-02-30T00:00:00",
    "2026-01-01T24:00:00",
    "2026-01-01T00:00:00Z",
  ],
  status: ["draft", "published", "archived", "deleted", "", null],
};

const CASES = Object.entries(BOUNDARIES).flatMap(([field, values]) =>
  values.map((value, index) => [`${field} = ${JSON.stringify(value)?.slice(0, 40)}`, field, value, index] as const),
);

/** What a stored value reads back as (negative zero is zero; the name is trimmed). */
const expectedRead = (field: string, value: unknown) => {
  if (Object.is(value, -0)) return 0;
  if (field === "name" && typeof value === "string") return value.trim();
  return value;
};

describe("boundary values of every column, through demo.create and demo.update", () => {
  it.each(CASES)("%s: stored exactly, or refused with a field error", async (_name, field, value, index) => {
    const input = { ...base, name: `${field} ${index}`, [field]: value };
    const created = await call(session, "demo.create", input, "mutation");
    expect(created.status, created.raw.slice(0, 300)).toBeLessThan(500);
    if (created.status === 200) {
      const record = created.data as Record<string, unknown> & { id: string };
      expect(record[field]).toEqual(expectedRead(field, value));
      const read = await call(session, "demo.byId", { id: record.id }, "query");
      expect((read.data as Record<string, unknown>)[field]).toEqual(expectedRead(field, value));
      const updated = await call(session, "demo.update", { ...input, id: record.id }, "mutation");
      expect(updated.status).toBe(200);
    } else {
      expect(created.status).toBe(400);
      const fieldErrors = JSON.parse(created.raw).error.json.data.fieldErrors as Record<string, string[]>;
      expect(Object.keys(fieldErrors)).toContain(field);
      // The same value refused on update, for an existing record.
      const existing = await call(session, "demo.create", { ...base, name: `existing ${field} ${index}` }, "mutation");
      const update = await call(session, "demo.update", { ...input, id: (existing.data as { id: string }).id }, "mutation");
      expect(update.status).toBe(400);
    }
  });
});

/** A cursor as the lists encode theirs. */
const b64 = (text: string) => Buffer.from(text).toString("base64url");
const UUID = "00000000-0000-4000-8000-000000000000";

describe("boundary values of list, byId and remove inputs", () => {
  it.each<[string, string, unknown, "query" | "mutation"]>([
    ["limit 0", "demo.list", { limit: 0 }, "query"],
    ["limit 101", "demo.list", { limit: 101 }, "query"],
    ["limit 1.5", "demo.list", { limit: 1.5 }, "query"],
    ["a cursor of 201 characters", "demo.list", { cursor: "x".repeat(201) }, "query"],
    ["a cursor that is not one", "demo.list", { cursor: "garbage" }, "query"],
    ["a cursor with a NUL", "demo.list", { cursor: "a\u0000" }, "query"],
    // Cursors are not signed: one forged in a cursor's shape carries values Postgres would refuse.
    ["a forged cursor: an id of 36 hex digits", "demo.list", { cursor: b64(`2024-01-01T00:00:00.000Z|${"a".repeat(36)}`) }, "query"],
    ["a forged cursor: an id of 36 dashes", "demo.list", { cursor: b64(`2024-01-01T00:00:00.000Z|${"-".repeat(36)}`) }, "query"],
    ["a forged cursor: year 275760", "demo.list", { cursor: b64(`+275760-09-13T00:00:00.000Z|${UUID}`) }, "query"],
    ["a forged cursor: year 0", "demo.list", { cursor: b64(`0000-01-01T00:00:00.000Z|${UUID}`) }, "query"],
    ["a search with a NUL", "demo.list", { search: "a\u0000" }, "query"],
    ["a search of 201 characters", "demo.list", { search: "x".repeat(201) }, "query"],
    ["an id that is not a UUID", "demo.byId", { id: "not-a-uuid" }, "query"],
    ["a UUID with a NUL", "demo.remove", { id: "00000000-0000-4000-8000-00000000000\u0000" }, "mutation"],
  ])("%s: 400", async (_name, path, input, type) => {
    const result = await call(session, path, input, type);
    expect(result.status, result.raw.slice(0, 300)).toBe(400);
  });

  it("a search with LIKE's wildcards finds only the literal text", async () => {
    const session = await partnerSession("values-like"); // a partner of its own: the list holds only these two
    await call(session, "demo.create", { ...base, name: "100% sure_thing" }, "mutation");
    await call(session, "demo.create", { ...base, name: "1000 surely" }, "mutation");
    const found = await call(session, "demo.list", { search: "100% sure_" }, "query");
    expect((found.data as { items: { name: string }[] }).items.map((r) => r.name)).toEqual(["100% sure_thing"]);
  });
});

/**
 * The same table for every other procedure that takes input: each boundary just past what its schema allows is a 400,
 * never a 500 and never a query Postgres refuses. (The admin-only procedures are called as an admin, so the check
 * reached is the input's, not the role's.)
 */
describe("boundary values of every other procedure's input", () => {
  let admin = "";
  beforeAll(async () => {
    admin = await partnerSession("values-admin", { admin: true });
  });
  it.each<[string, string, unknown, "query" | "mutation"]>([
    ["a from date in year 0", "bookings.list", { from: "0000-12-31" }, "query"],
    ["a from date in year 10000", "bookings.list", { from: "10000-01-01" }, "query"],
    ["February 30th", "bookings.list", { from: "2026-02-30" }, "query"],
    ["month 13", "bookings.list", { to: "2026-13-01" }, "query"],
    ["to before from", "bookings.list", { from: "2026-12-02", to: "2026-12-01" }, "query"],
    ["limit 0", "bookings.list", { limit: 0 }, "query"],
    ["limit 101", "bookings.list", { limit: 101 }, "query"],
    ["a cursor of 301 characters", "bookings.list", { cursor: "x".repeat(301) }, "query"],
    ["a cursor that is not one", "bookings.list", { cursor: "garbage" }, "query"],
    ["a forged cursor: year 0", "bookings.list", { cursor: b64(JSON.stringify(["0000-01-01T00:00:00.000Z", "b_x"])) }, "query"],
    ["a forged cursor: year 10000", "bookings.list", { cursor: b64(JSON.stringify(["+010000-01-01T00:00:00.000Z", "b_x"])) }, "query"],
    ["a forged cursor: a NUL in the id", "bookings.list", { cursor: b64(JSON.stringify([null, "b\u0000"])) }, "query"],
    [
      "a forged cursor: a NUL in the id, filtered",
      "bookings.list",
      { status: "booked", cursor: b64(JSON.stringify(["2024-01-01T00:00:00.000Z", "b\u0000"])) },
      "query",
    ],
    ["a forged cursor: a lone surrogate in the id", "bookings.list", { cursor: b64(JSON.stringify([null, "b\ud800"])) }, "query"],
    ["a search with a NUL", "bookings.list", { search: "a\u0000" }, "query"],
    ["an unknown status", "bookings.list", { status: "gone" }, "query"],
    ["a date with a time", "bookings.count", { from: "2026-12-01T00:00:00" }, "query"],
    ["a booking id that is not one", "bookings.byId", { bookingId: "not an id" }, "query"],
    ["a booking id of 200 characters", "bookings.byId", { bookingId: `b_${"x".repeat(198)}` }, "query"],
    ["a stats range in year 0", "bookings.stats", { from: "0000-01-01" }, "query"],
    ["day 00", "bookings.stats", { to: "2026-12-00" }, "query"],
    ["an empty step id", "partners.completeSetupStep", { id: "" }, "mutation"],
    ["a step id of 65 characters", "partners.completeSetupStep", { id: "x".repeat(65) }, "mutation"],
    ["a session id that is not a UUID", "partners.revokeSession", { id: "not-a-uuid" }, "mutation"],
    ["a partner id that is not a UUID", "partners.switchPartner", { partnerId: "x" }, "mutation"],
    ["an email of 320 characters", "partners.requestLoginLink", { email: `${"a".repeat(310)}@example.com` }, "mutation"],
    ["an email with a NUL", "partners.requestLoginLink", { email: "a\u0000@example.com" }, "mutation"],
    ["a sign-in token of 1 000 characters", "partners.loginLinkInfo", { token: "x".repeat(1_000) }, "mutation"],
    ["a sign-in token with a NUL", "partners.confirmLogin", { token: `${"A".repeat(42)}\u0000` }, "mutation"],
  ])("%s (%s): 400", async (_name, path, input, type) => {
    const result = await call(session, path, input, type);
    expect(result.status, result.raw.slice(0, 300)).toBe(400);
  });

  it.each<[string, string, unknown]>([
    ["a notification email of 320 characters", "partners.updateSettings", { notificationEmail: `${"a".repeat(310)}@example.com` }],
    ["an unknown booking view", "partners.updateSettings", { defaultBookingView: "everything" }],
    ["a user id that is not a UUID", "partners.setPortalAccess", { userId: "u-1", access: false }],
    ["access that is not a boolean", "partners.setPortalAccess", { userId: "00000000-0000-4000-8000-000000000000", access: "no" }],
  ])("as an admin, %s (%s): 400", async (_name, path, input) => {
    const result = await call(admin, path, input, "mutation");
    expect(result.status, result.raw.slice(0, 300)).toBe(400);
  });
});

describe("the calendar's first and last days, east and west of UTC", () => {
  it.each(["Pacific/Kiritimati", "Pacific/Pago_Pago"])(
    "in %s, a range from 0001-01-01 to 9999-12-31 is open at both ends: 200",
    async (zone) => {
      const partner = await partnerSession(`values-${zone.split("/")[1]?.toLowerCase()}`, { timezone: zone });
      for (const [path, input] of [
        ["bookings.list", { from: "0001-01-01", to: "9999-12-31" }],
        ["bookings.list", { from: "9999-12-31" }],
        ["bookings.count", { to: "0001-01-01" }],
        ["bookings.stats", { from: "0001-01-01", to: "9999-12-31" }],
      ] as const) {
        const result = await call(partner, path, input, "query");
        expect(result.status, `${path} ${JSON.stringify(input)}: ${result.raw.slice(0, 200)}`).toBe(200);
      }
    },
  );
});
