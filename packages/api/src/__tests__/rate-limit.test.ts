import { createTestDb, type TestDatabase } from "@kit/db/testing";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { clientOf, hitRateLimit } from "../services/rate-limit";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDb();
});
beforeEach(() => t.reset());
afterAll(() => t.close());

it("allows `limit` hits per window and says when to retry", async () => {
  const now = new Date("2026-11-25T12:05:00Z");
  const hit = (at = now) => hitRateLimit(t.db, { key: "login:email:jane@example.com", limit: 3, windowSeconds: 900, now: at });
  expect(await hit()).toEqual({ allowed: true, remaining: 2 });
  expect(await hit()).toEqual({ allowed: true, remaining: 1 });
  expect(await hit()).toEqual({ allowed: true, remaining: 0 });
  // The 15-minute window started at 12:00, so it ends at 12:15: ten minutes to go.
  expect(await hit()).toEqual({ allowed: false, retryAfterSeconds: 600 });
  expect(await hit(new Date("2026-11-25T12:15:00Z"))).toEqual({ allowed: true, remaining: 2 });
  expect(await hitRateLimit(t.db, { key: "login:email:other@example.com", limit: 3, windowSeconds: 900, now })).toMatchObject({
    allowed: true,
  });
});

describe("clientOf", () => {
  it.each([
    ["203.0.113.9", "203.0.113.9"],
    ["::ffff:203.0.113.9", "203.0.113.9"],
    ["2001:DB8:0:1::7", "2001:db8:0:1::/64"],
    ["2001:db8:0000:0001:ffff:ffff:ffff:ffff", "2001:db8:0:1::/64"],
    ["2001:db8::1", "2001:db8:0:0::/64"],
    ["::1", "0:0:0:0::/64"],
    ["fe80::1%eth0", "fe80:0:0:0::/64"],
  ])("%s counts as %s", (ip, client) => {
    expect(clientOf(ip)).toBe(client);
  });
});
