import { bookings } from "@kit/db";
import { createTestDb, type TestDatabase } from "@kit/db/testing";
import type { PeekAccessConfig } from "@kit/peek";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backfillBookings } from "../lifecycle/backfill";
import { storableJson } from "../services/storable-values";
import { installedPartner } from "./session-fixtures";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(() => t.close());

const peek = { appId: "app", appSecret: "s".repeat(32), apiKey: null, apiHosts: ["api.peek.test"] } as PeekAccessConfig;
const booking = (id: string, customerName: string) => ({
  bookingId: id,
  displayId: `B-${id}`,
  isCanceled: false,
  isNoShow: false,
  isCheckedIn: false,
  productName: `Kayak ${customerName}`,
  startsAtUtc: "2026-12-14T17:00:00Z",
  totalTickets: 2,
  customerName,
  notes: { nested: [customerName] },
});

describe("booking backfill", () => {
  it("stores bookings whose text Postgres cannot hold as given (half an emoji, a NUL) with U+FFFD, and the rest after them", async () => {
    const partner = await installedPartner(t.db, "inst-backfill", { apiUrl: "https://api.peek.test/v1" });
    // What Peek's booking search answers (the SDK's own parsing is tested where it is called).
    const bookingsFound = [booking("b_1", "Ana \ud83d"), booking("b_2", "Bo\u0000b"), booking("b_3", "Cy")];
    const search = async () => ({ source: "peek" as const, bookings: bookingsFound as never[] });
    const result = await backfillBookings(t.db, { partnerId: partner.id, days: 30, now: new Date(), peek, search });
    expect(result).toMatchObject({ read: 3, created: 3 });
    const rows = await t.db.select({ id: bookings.bookingId, guest: bookings.guestName, data: bookings.data }).from(bookings);
    const byId = Object.fromEntries(rows.map((row) => [row.id, row]));
    expect(byId.b_1).toMatchObject({ guest: "Ana \ufffd", data: { customerName: "Ana \ufffd", notes: { nested: ["Ana \ufffd"] } } });
    expect(byId.b_2).toMatchObject({ guest: "Bo\ufffdb", data: { customerName: "Bo\ufffdb" } });
    expect(byId.b_3).toMatchObject({ guest: "Cy" });
  });

  it("replaces only what jsonb refuses: a lone surrogate or a NUL, not a whole emoji or text that merely reads like an escape", () => {
    const value = { a: "half \ud83d", b: "nul \u0000", c: "whole \ud83d\ude00", d: "typed \\ud83d and \\u0000", e: ["\udfff"] };
    expect(JSON.parse(storableJson(value))).toEqual({
      a: "half \ufffd",
      b: "nul \ufffd",
      c: "whole \ud83d\ude00",
      d: "typed \\ud83d and \\u0000",
      e: ["\ufffd"],
    });
  });
});
