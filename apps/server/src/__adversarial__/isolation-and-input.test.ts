import { appRouter, newSampleBooking, sampleBookingPayload, sampleWaiverPayload } from "@kit/api";
import { describe, expect, it } from "vitest";
import { peekToken, postWebhook } from "../__tests__/peek-fixtures";
import { useTestApp } from "../__tests__/test-app";
import { procedureCaller } from "./adversarial-fixtures";

const ctx = useTestApp();
const { partnerSession, call, mcpCall } = procedureCaller(() => ctx.app);

/** A small deterministic generator, so a failure names a reproducible case. */
function prng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1_664_525 + 1_013_904_223) >>> 0;
    return s / 2 ** 32;
  };
}

const NAMES = [
  "Robert'); DROP TABLE demo_records;--",
  "1 OR 1=1",
  "名前 テスト",
  "emoji 🚣‍♀️ kayak",
  "<script>alert(1)</script>",
  "tab\tand\nnewline",
  'ʼquotesʼ "double" `back`',
  "%00%27 percent",
  "   spaced   ",
];

describe("tenant isolation, as a property", () => {
  it("no partner ever reads, changes or removes another's rows, whatever the ids and names", async () => {
    const random = prng(20_261_125);
    const installs = ["iso-a", "iso-b", "iso-c", "iso-d"];
    const sessions = Object.fromEntries(await Promise.all(installs.map(async (i) => [i, await partnerSession(i)] as const)));
    const owned: Record<string, { id: string; name: string }[]> = {};
    for (const install of installs) {
      owned[install] = [];
      for (let n = 0; n < 4; n += 1) {
        const name = `${install} ${NAMES[Math.floor(random() * NAMES.length)]} ${n}`;
        const created = await call(sessions[install] as string, "demo.create", { name, status: "draft" }, "mutation");
        expect(created.status, created.raw).toBe(200);
        // Hostile-looking text is data: it round-trips exactly (trimmed, as the validator says).
        expect((created.data as { name: string }).name).toBe(name.trim());
        owned[install]?.push({ id: (created.data as { id: string }).id, name: name.trim() });
      }
    }
    for (const install of installs) {
      const session = sessions[install] as string;
      const list = (await call(session, "demo.list", { limit: 100 }, "query")).data as { items: { id: string }[] };
      expect(list.items.map((r) => r.id).sort()).toEqual((owned[install] ?? []).map((r) => r.id).sort());
      const me = (await call(session, "partners.me", undefined, "query")).data as {
        partner: { name: string };
        partners: { name: string }[];
      };
      expect(me.partners.map((p) => p.name)).toEqual([install]);
      for (const other of installs.filter((i) => i !== install)) {
        for (const row of owned[other] ?? []) {
          expect((await call(session, "demo.byId", { id: row.id }, "query")).code).toBe("NOT_FOUND");
          expect((await call(session, "demo.update", { id: row.id, name: "hijacked", status: "draft" }, "mutation")).code).toBe(
            "NOT_FOUND",
          );
          expect((await call(session, "demo.remove", { id: row.id }, "mutation")).code).toBe("NOT_FOUND");
        }
      }
    }
    // Bookings: each partner has its own, one of them under an id every partner shares; no booking procedure shows
    // another partner's.
    for (const [index, install] of installs.entries()) {
      for (const [code, quantity] of [
        [`OWN${index}`, index + 1],
        ["SHARED", 10 + index],
      ] as const) {
        const body = sampleBookingPayload({
          ...newSampleBooking(new Date(), index),
          id: `b_${code.toLowerCase()}`,
          displayId: `B-${code}`,
          quantity,
        });
        const response = await postWebhook(ctx.app, "/peek-pro/api/on-booking-change", body, await peekToken(install));
        expect(response.statusCode).toBe(200);
      }
      // A waiver on the shared booking id, under the partner's own template.
      const waiver = sampleWaiverPayload({
        bookingId: "b_shared",
        signedAt: new Date(Date.UTC(2026, 0, 1 + index)),
        templateId: `tpl_${install}`,
      });
      expect((await postWebhook(ctx.app, "/peek-pro/api/on-waiver-signed", waiver, await peekToken(install))).statusCode).toBe(200);
    }
    for (const [index, install] of installs.entries()) {
      const session = sessions[install] as string;
      const list = (await call(session, "bookings.list", { limit: 100 }, "query")).data as {
        items: { displayId: string; quantity: number }[];
      };
      expect(list.items.map((b) => b.displayId).sort()).toEqual([`B-OWN${index}`, "B-SHARED"]);
      expect(list.items.find((b) => b.displayId === "B-SHARED")?.quantity).toBe(10 + index);
      const shared = (await call(session, "bookings.byId", { bookingId: "B-SHARED" }, "query")).data as {
        quantity: number;
        waivers: { templateId: string }[];
      };
      expect(shared.quantity).toBe(10 + index);
      expect(shared.waivers.map((w) => w.templateId)).toEqual([`tpl_${install}`]);
      const stats = (await call(session, "bookings.stats", {}, "query")).data as { guests: number };
      expect(stats.guests).toBe(index + 1 + 10 + index);
      expect(((await call(session, "bookings.count", {}, "query")).data as { total: number }).total).toBe(2);
      expect(((await call(session, "bookings.count", { search: "SHARED" }, "query")).data as { total: number }).total).toBe(1);
      for (const [other] of installs.entries()) {
        if (other === index) continue;
        expect((await call(session, "bookings.byId", { bookingId: `B-OWN${other}` }, "query")).code).toBe("NOT_FOUND");
      }
    }
    // The same through MCP (the SDK's own client over HTTP), the door Peek's AI uses, with the web app's session as the credential.
    for (const [index, install] of installs.entries()) {
      const session = sessions[install] as string;
      const list = await mcpCall(session, "bookings_list", { limit: 100 });
      expect(list.isError, list.raw).toBe(false);
      expect((list.data as { items: { displayId: string }[] }).items.map((b) => b.displayId).sort()).toEqual([`B-OWN${index}`, "B-SHARED"]);
      const shared = (await mcpCall(session, "bookings_byId", { bookingId: "B-SHARED" })).data as {
        quantity: number;
        waivers: { templateId: string }[];
      };
      expect([shared.quantity, shared.waivers.map((w) => w.templateId)]).toEqual([10 + index, [`tpl_${install}`]]);
      const records = (await mcpCall(session, "demo_list", { limit: 100 })).data as { items: { id: string }[] };
      expect(records.items.map((r) => r.id).sort()).toEqual((owned[install] ?? []).map((r) => r.id).sort());
      expect((await mcpCall(session, "demo_count")).data).toEqual({ total: owned[install]?.length ?? 0 });
      for (const [otherIndex, other] of installs.entries()) {
        if (other === install) continue;
        expect((await mcpCall(session, "bookings_byId", { bookingId: `B-OWN${otherIndex}` })).isError).toBe(true);
        for (const row of owned[other] ?? []) expect((await mcpCall(session, "demo_byId", { id: row.id })).isError).toBe(true);
      }
    }
    // Counts see the partner's own records only.
    for (const install of installs) {
      const counted = (await call(sessions[install] as string, "demo.count", {}, "query")).data as { total: number };
      expect(counted.total).toBe(owned[install]?.length ?? 0);
    }
    // Every row is still its owner's, untouched.
    for (const install of installs) {
      for (const row of owned[install] ?? []) {
        const read = await call(sessions[install] as string, "demo.byId", { id: row.id }, "query");
        expect((read.data as { name: string }).name).toBe(row.name);
      }
    }
  });
});

describe("URLs that cannot be read", () => {
  it.each(["/%zz?token=secret-value", "/trpc/%E0%A4%A?x=secret-value"])("%s: the app's 400, with every response's headers", async (url) => {
    const response = await ctx.app.inject({ url });
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({ code: "BAD_REQUEST", requestId: response.headers["x-request-id"] });
    expect(response.headers["x-content-type-options"]).toBe("nosniff");
    expect(response.headers["cache-control"]).toBe("no-store");
    expect(response.body).not.toContain("secret-value");
  });

  it("a path part too long to route is 414, with the same headers", async () => {
    const response = await ctx.app.inject({ url: `/trpc/${"a".repeat(6_000)}` });
    expect(response.statusCode).toBe(414);
    expect(response.json().error).toMatchObject({ code: "URI_TOO_LONG", requestId: response.headers["x-request-id"] });
    expect(response.headers["x-content-type-options"]).toBe("nosniff");
  });
});

describe("hostile input to every procedure", () => {
  const procedures = Object.entries(appRouter._def.procedures as unknown as Record<string, { _def: { type: "query" | "mutation" } }>);
  const INPUTS: [string, unknown][] = [
    ["a number", 42],
    ["a string", "x"],
    ["an array", [1, 2, 3]],
    ["an object of junk", { id: "' OR 1=1 --", email: { $ne: null }, token: [], name: 1e308, limit: -1, cursor: {} }],
    ["NUL bytes", { id: "\u0000", name: "a\u0000b", email: "a\u0000@b.c", token: "\u0000" }],
    ["a 200 KB string", { name: "x".repeat(200_000), email: `${"x".repeat(200_000)}@example.com`, token: "x".repeat(200_000) }],
    ["unicode and surrogates", { name: "\ud800\udc00 \u202e evil", email: "ü@例え.jp", id: "٠١٢" }],
    ["deep nesting", { a: JSON.parse(`${'{"a":'.repeat(500)}1${"}".repeat(500)}`) }],
  ];

  it.each(procedures)("%s: 4xx or a valid answer, never a 500 or a stack trace", async (path, procedure) => {
    const session = await partnerSession("hostile-input");
    for (const [, input] of INPUTS) {
      const result = await call(session, path, input, procedure._def.type);
      expect(result.status, `${path} with ${JSON.stringify(input).slice(0, 80)}: ${result.raw.slice(0, 300)}`).toBeLessThan(500);
      expect(result.raw).not.toMatch(/\bat [\w.]+ \(|node:internal|\.ts:\d+/);
    }
  });
});
