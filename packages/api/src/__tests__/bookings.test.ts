import { createTestDb, type TestDatabase } from "@kit/db/testing";
import { DEFAULT_API_HOSTS, LOOPBACK_API_HOSTS } from "@kit/peek";
import { startLoopbackServer } from "@kit/peek/testing";
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createInnerContext } from "../context";
import type { Logger } from "../logger";
import { createCaller } from "../root";
import { upsertPartnerUser } from "../services/partners";
import { createSession } from "../services/sessions";
import { newSampleBooking, sampleBookingPayload, sampleWaiverPayload } from "../webhooks/samples";
import { processWaiverDelivery } from "../webhooks/waiver";
import { deliverBooking, type TestBooking, webhookDeps } from "./booking-deliveries";
import { installedPartner } from "./session-fixtures";

const silent: Logger = { info() {}, warn() {}, error() {} };
let t: TestDatabase;
let gateway: Awaited<ReturnType<typeof startLoopbackServer>>;
let sales: unknown[] = [];
beforeAll(async () => {
  t = await createTestDb();
  // Peek's GraphQL gateway, answering the SDK's booking search (`sales`) with what the test puts in `sales`.
  gateway = await startLoopbackServer((request) =>
    request.body.includes("sales")
      ? {
          status: 200,
          body: { data: { sales: { pageInfo: { endCursor: null, hasNextPage: false }, edges: sales.map((node) => ({ node })) } } },
        }
      : { status: 400, body: { errors: [{ message: "unexpected query" }] } },
  );
});
beforeEach(async () => {
  await t.reset();
  sales = [];
});
afterAll(async () => {
  await gateway.close();
  await t.close();
});

const peekAccess = { appId: "kit", appSecret: "s".repeat(32), apiKey: null, apiHosts: [...DEFAULT_API_HOSTS, ...LOOPBACK_API_HOSTS] };
const LA = "America/Los_Angeles";

async function partnerOf(installId: string, options: { timezone?: string | null; platform?: "peek" | "cng"; apiUrl?: string | null } = {}) {
  const partner = await installedPartner(t.db, installId, {
    timezone: options.timezone === undefined ? LA : options.timezone,
    platform: options.platform ?? "peek",
    apiUrl: options.apiUrl ?? null,
    eventAt: new Date("2026-01-01T00:00:00Z"),
  });
  const user = await upsertPartnerUser(t.db, partner.id, {
    id: "u",
    email: `${installId}@example.com`,
    name: "U",
    isAdmin: false,
    primaryRole: null,
    locale: null,
  });
  if (!user) throw new Error("no user");
  const session = await createSession(t.db, {
    partnerUserId: user.id,
    partnerId: partner.id,
    kind: "embed",
    ttlSeconds: 60 * 86_400, // the stats test looks from a later date
    now: new Date(),
  });
  const caller = (now = new Date()) =>
    createCaller(createInnerContext({ db: t.db, logger: silent, clock: () => now, peekAccess }, { bearerToken: session.token }));
  return { partner, caller };
}

const deps = () => webhookDeps(t.db);

/** Delivers a booking as Peek would, for an installation. */
const deliver = (installId: string, input: TestBooking, signedAt = new Date()) => deliverBooking(t.db, installId, input, signedAt);

async function seed(installId: string) {
  await deliver(installId, { code: "AAA111", startsAtUtc: "2026-12-14T17:00:00Z", quantity: 2, guest: "Ana López" }); // Dec 14, 09:00 in LA
  await deliver(installId, { code: "BBB222", startsAtUtc: "2026-12-15T07:30:00Z", quantity: 3, guest: "Ben Ortiz" }); // Dec 14, 23:30 in LA
  await deliver(installId, { code: "CCC333", startsAtUtc: "2026-12-15T18:00:00Z", quantity: 1, canceled: true }); // Dec 15, 10:00
  await deliver(installId, { code: "DDD444", startsAtUtc: "2026-12-16T18:00:00Z", quantity: 4, checkedIn: true }); // Dec 16
  await deliver(installId, { code: "EEE555", startsAtUtc: null, quantity: 1 }); // no start
}

describe("bookings.list", () => {
  it("lists by start (none last), with local times and money, in the partner's time zone", async () => {
    const { caller } = await partnerOf("inst-a");
    await seed("inst-a");
    const page = await caller().bookings.list({});
    expect(page.nextCursor).toBeNull();
    expect(page.items.map((b) => b.displayId)).toEqual(["B-AAA111", "B-BBB222", "B-CCC333", "B-DDD444", "B-EEE555"]);
    expect(page.items[0]).toEqual({
      bookingId: "b_aaa111",
      displayId: "B-AAA111",
      status: "booked",
      checkedIn: false,
      noShow: false,
      activityName: "Sunset Kayak Tour",
      startsAt: new Date("2026-12-14T17:00:00Z"),
      startsAtLocal: "2026-12-14T09:00:00",
      timezone: LA,
      guestName: "Ana López",
      quantity: 2,
      total: { amount: "98.00", formatted: "$98.00" },
      updatedAt: expect.any(Date),
    });
    expect(page.items[4]).toMatchObject({ startsAt: null, startsAtLocal: null });
  });

  it("filters by local dates (both inclusive), status and search, and pages with a cursor", async () => {
    const { caller } = await partnerOf("inst-a");
    await seed("inst-a");
    const ids = async (input: Parameters<ReturnType<typeof caller>["bookings"]["list"]>[0]) =>
      (await caller().bookings.list(input)).items.map((b) => b.displayId);
    // 23:30 on Dec 14 in Los Angeles is already Dec 15 in UTC: the partner's day decides.
    expect(await ids({ from: "2026-12-14", to: "2026-12-14" })).toEqual(["B-AAA111", "B-BBB222"]);
    expect(await ids({ from: "2026-12-15" })).toEqual(["B-CCC333", "B-DDD444"]);
    expect(await ids({ to: "2026-12-15" })).toEqual(["B-AAA111", "B-BBB222", "B-CCC333"]);
    expect(await ids({ status: "canceled" })).toEqual(["B-CCC333"]);
    expect(await ids({ status: "checked_in" })).toEqual(["B-DDD444"]);
    expect(await ids({ status: "booked", to: "2026-12-16" })).toEqual(["B-AAA111", "B-BBB222", "B-DDD444"]);
    expect(await ids({ search: "bbb2" })).toEqual(["B-BBB222"]);
    expect(await ids({ search: "lópez" })).toEqual(["B-AAA111"]);
    expect(await ids({ search: "%" })).toEqual([]);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: { displayId: string }[]; nextCursor: string | null } = await caller().bookings.list({ limit: 2, cursor });
      seen.push(...page.items.map((b) => b.displayId));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(["B-AAA111", "B-BBB222", "B-CCC333", "B-DDD444", "B-EEE555"]);

    // With a filter, the cursor pages the filtered list (another statement than the unfiltered one's).
    const booked: string[] = [];
    cursor = null;
    do {
      const page: { items: { displayId: string }[]; nextCursor: string | null } = await caller().bookings.list({
        status: "booked",
        limit: 1,
        cursor,
      });
      booked.push(...page.items.map((b) => b.displayId));
      cursor = page.nextCursor;
    } while (cursor);
    expect(booked).toEqual(["B-AAA111", "B-BBB222", "B-DDD444", "B-EEE555"]);
    expect((await caller().bookings.count({})).total).toBe(5);
    expect((await caller().bookings.count({ status: "booked" })).total).toBe(4);
    expect((await caller().bookings.count({ search: "  " })).total).toBe(5);
  });

  it("uses UTC for a partner whose time zone is unknown", async () => {
    const { caller } = await partnerOf("inst-utc", { timezone: null });
    await seed("inst-utc");
    const page = await caller().bookings.list({ from: "2026-12-14", to: "2026-12-14" });
    expect(page.items.map((b) => [b.displayId, b.startsAtLocal, b.timezone])).toEqual([["B-AAA111", "2026-12-14T17:00:00", "UTC"]]);
  });

  it.each([
    ["a cursor it did not hand out", { cursor: "bm90LWEtY3Vyc29y" }],
    ["a range that ends before it starts", { from: "2026-12-15", to: "2026-12-14" }],
    ["a date that does not exist", { from: "2026-02-30" }],
    ["an unknown status", { status: "lost" }],
  ])("refuses %s (BAD_REQUEST)", async (_name, input) => {
    const { caller } = await partnerOf("inst-a");
    await expect(caller().bookings.list(input as never)).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });
});

describe("bookings.byId", () => {
  it("finds a booking by either spelling of its id, with its timeline (newest first) and its waivers", async () => {
    const { caller } = await partnerOf("inst-a");
    const early = new Date(Date.now() - 60_000);
    // The waiver arrives before its booking: it is linked as soon as the booking is known.
    await processWaiverDelivery(
      deps(),
      { installId: "inst-a", user: null, issuedAt: early },
      sampleWaiverPayload({ bookingId: "B-AAA111", signedAt: new Date("2026-12-14T16:00:00Z") }),
    );
    await deliver("inst-a", { code: "AAA111", startsAtUtc: "2026-12-14T17:00:00Z" }, new Date(Date.now() - 30_000));
    await deliver("inst-a", { code: "AAA111", startsAtUtc: "2026-12-14T17:00:00Z", canceled: true }, new Date());
    const found = await caller().bookings.byId({ bookingId: "B-AAA111" });
    expect(found).toMatchObject({ bookingId: "b_aaa111", status: "canceled" });
    expect(found.timeline.map((e) => e.event)).toEqual(["canceled", "created"]);
    expect(found.waivers).toEqual([
      {
        templateId: "tpl_liability_v1",
        signedAt: new Date("2026-12-14T16:00:00Z"),
        signedByGuardian: false,
        participantName: null,
        optinMarketing: true,
        optinSms: false,
      },
    ]);
    expect((await caller().bookings.byId({ bookingId: "b_aaa111" })).displayId).toBe("B-AAA111");
  });

  it("is NOT_FOUND for another partner's booking and for none", async () => {
    const a = await partnerOf("inst-a");
    await partnerOf("inst-b");
    await seed("inst-b");
    await expect(a.caller().bookings.byId({ bookingId: "B-AAA111" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(a.caller().bookings.byId({ bookingId: "b_nothing" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(a.caller().bookings.byId({ bookingId: "not an id" })).rejects.toBeInstanceOf(TRPCError);
  });
});

describe("bookings.stats", () => {
  it("counts upcoming, today's, canceled and guests in the partner's time zone", async () => {
    const { caller } = await partnerOf("inst-a");
    await seed("inst-a");
    const noonInLa = new Date("2026-12-14T20:00:00Z"); // Dec 14, 12:00 in Los Angeles
    expect(await caller(noonInLa).bookings.stats({})).toEqual({ upcoming: 2, today: 2, canceled: 1, guests: 9 });
    expect(await caller(noonInLa).bookings.stats({ from: "2026-12-15", to: "2026-12-15" })).toEqual({
      upcoming: 2,
      today: 2,
      canceled: 1,
      guests: 0,
    });
  });
});

describe("bookings.recent", () => {
  it("reads the last week's purchases live from Peek's API, newest first", async () => {
    const { caller } = await partnerOf("inst-live", { apiUrl: `${gateway.url}/gql` });
    const older = sampleBookingPayload(
      { ...newSampleBooking(new Date(), 11), id: "b_old", displayId: "B-OLD" },
      { purchasedAt: new Date(Date.now() - 3 * 86_400_000) },
    ).booking;
    const newer = sampleBookingPayload(
      { ...newSampleBooking(new Date(), 12), id: "b_new", displayId: "B-NEW" },
      { purchasedAt: new Date(Date.now() - 3_600_000) },
    ).booking;
    sales = [older, newer];
    const recent = await caller().bookings.recent();
    expect(recent.source).toBe("peek");
    expect(recent.items.map((b) => b.displayId)).toEqual(["B-NEW", "B-OLD"]);
    expect(recent.items[0]).toMatchObject({
      bookingId: "b_new",
      status: "booked",
      quantity: 2,
      total: { amount: "98.00", formatted: "$98.00" },
    });
    const search = gateway.received.find((r) => r.body.includes("sales"));
    expect(JSON.parse(search?.body ?? "{}").variables.filter).toHaveProperty("purchasedAtRangeUtc");
  });

  it("asks Peek as the calling partner's installation only, whoever else is installed", async () => {
    const x = await partnerOf("inst-x", { apiUrl: `${gateway.url}/gql` });
    const y = await partnerOf("inst-y", { apiUrl: `${gateway.url}/gql` });
    /** The claims of the token each search to Peek carried (whichever header the SDK put it in). */
    const claimsOfLastSearch = () => {
      const search = gateway.received.filter((r) => r.body.includes("sales")).at(-1);
      const jwt = Object.values(search?.headers ?? {})
        .flatMap((value) => (Array.isArray(value) ? value : [value ?? ""]))
        .map((value) => /([\w-]+\.([\w-]+)\.[\w-]+)$/.exec(value)?.[2])
        .find(Boolean);
      return Buffer.from(jwt ?? "", "base64url").toString("utf8");
    };
    await x.caller().bookings.recent();
    expect(claimsOfLastSearch()).toContain("inst-x");
    expect(claimsOfLastSearch()).not.toContain("inst-y");
    await y.caller().bookings.recent();
    expect(claimsOfLastSearch()).toContain("inst-y");
    expect(claimsOfLastSearch()).not.toContain("inst-x");
  });

  it("is unsupported (not an error) for a CNG installation, and BAD_GATEWAY when Peek cannot be reached", async () => {
    const cng = await partnerOf("inst-cng", { platform: "cng", apiUrl: `${gateway.url}/cng` });
    expect(await cng.caller().bookings.recent()).toEqual({ items: [], source: "unsupported" });
    const down = await partnerOf("inst-down", { apiUrl: "http://127.0.0.1:9/gql" });
    await expect(down.caller().bookings.recent()).rejects.toMatchObject({ code: "BAD_GATEWAY" });
  });
});
