import { sampleWaiverPayload } from "@kit/api";
import { waivers, webhookDeliveries } from "@kit/db";
import { mintPeekToken } from "@kit/peek";
import { describe, expect, it } from "vitest";
import { installationBody, peekToken, postWebhook } from "./peek-fixtures";
import { TEST_SECRETS, testConfig, useTestApp } from "./test-app";

const URL = "/peek-pro/api/on-waiver-signed";
const signedAt = new Date("2026-12-14T16:30:00Z");
const waiver = (overrides: Record<string, unknown> = {}) => {
  const body = sampleWaiverPayload({ bookingId: "B-ABC123", signedAt, participantName: "Sam Guest" });
  return { waiver: { ...body.waiver, ...overrides } };
};

describe("waiver webhook", () => {
  const ctx = useTestApp();
  const install = (status = "installed") =>
    postWebhook(ctx.app, "/registry/api/on-installation-status-change", installationBody({ status }));
  const send = async (body: unknown, token?: string | null) =>
    postWebhook(ctx.app, URL, body, token === undefined ? await peekToken("install-123") : token);
  const state = async () => ({
    waivers: await ctx.t.db.select().from(waivers),
    deliveries: (await ctx.t.db.select().from(webhookDeliveries)).filter((d) => d.kind === "waiver"),
  });

  it("stores a signed waiver for the partner (booking id normalised), 200 in plain text", async () => {
    await install();
    const response = await send(waiver());
    expect(response.statusCode).toBe(200);
    expect(response.body).toBe("Partner Demo park received a waiver");
    const { waivers: rows, deliveries } = await state();
    expect(rows).toMatchObject([
      {
        bookingId: "b_abc123",
        templateId: "tpl_liability_v1",
        signedAt,
        signedByGuardian: false,
        participantName: null, // no full customer access: no participant name
        optinMarketing: true,
        optinSms: false,
      },
    ]);
    expect(deliveries).toMatchObject([{ outcome: "accepted", deliveryCount: 1 }]);
    expect(JSON.stringify(deliveries)).not.toMatch(/Sam Guest|files\.example\.com/);
  });

  it("is idempotent: a replay stores nothing twice and counts the delivery", async () => {
    await install();
    for (let i = 0; i < 3; i++) expect((await send(waiver())).statusCode).toBe(200);
    const { waivers: rows, deliveries } = await state();
    expect(rows).toHaveLength(1);
    expect(deliveries).toMatchObject([{ deliveryCount: 3 }]);
    await send(waiver({ agreement_template_id: "tpl_photo_release" }));
    expect((await state()).waivers).toHaveLength(2);
  });

  it("answers an unknown installation 200 without writing anything", async () => {
    const response = await postWebhook(ctx.app, URL, waiver(), await peekToken("install-unknown"));
    expect([response.statusCode, response.body]).toEqual([200, "Unknown install ID"]);
    expect(await state()).toEqual({ waivers: [], deliveries: [] });
  });

  it("answers an uninstalled installation 200 without writing anything", async () => {
    await install("uninstalled");
    const response = await send(waiver());
    expect([response.statusCode, response.body]).toEqual([200, "Installation is not active"]);
    expect(await state()).toEqual({ waivers: [], deliveries: [] });
  });

  it.each<[string, unknown, Record<string, string[]> | null]>([
    ["no booking id", waiver({ booking_id: "" }), { "waiver.booking_id": ["must be a Peek booking id such as b_abc123"] }],
    ["no template", waiver({ agreement_template_id: null }), { "waiver.agreement_template_id": ["is required"] }],
    ["a signing time that is not one", waiver({ signed_at: "yesterday" }), { "waiver.signed_at": ["must be a date and time"] }],
    ["a body that is an array", [waiver()], null],
    ["a numeric booking id", waiver({ booking_id: 12345 }), { "waiver.booking_id": ["must be a Peek booking id such as b_abc123"] }],
    ["a booking id that is an object", waiver({ booking_id: {} }), { "waiver.booking_id": ["must be a Peek booking id such as b_abc123"] }],
    ["a numeric signing time", waiver({ signed_at: 1 }), { "waiver.signed_at": ["must be a date and time"] }],
    ["the waiver as an array", { waiver: [] }, null],
  ])("400 for %s, nothing written", async (_name, body, fields) => {
    await install();
    const response = await send(body);
    expect(response.statusCode).toBe(400);
    if (fields) expect(response.json().error.fields).toEqual(fields);
    expect(await state()).toEqual({ waivers: [], deliveries: [] });
  });

  it.each<[string, () => Promise<string | null>]>([
    ["no token", async () => null],
    ["a garbage token", async () => "a.b.c"],
    ["another installation's token", () => peekToken("install-other", { secret: "another-secret-0123456789abcdef0123" })],
    [
      "a user's token (waivers are Peek's system events)",
      () =>
        mintPeekToken({
          installId: "install-123",
          secret: TEST_SECRETS.PEEK_APP_SECRET,
          user: { id: "u1", email: "a@b.c", name: "A", isAdmin: true },
        }),
    ],
  ])("401 for %s, nothing written", async (_name, makeToken) => {
    await install();
    const response = await send(waiver(), await makeToken());
    expect(response.statusCode).toBe(401);
    expect(await state()).toEqual({ waivers: [], deliveries: [] });
  });

  it("415 for a form body, 400 for malformed JSON, 413 for an oversized one", async () => {
    await install();
    const token = await peekToken("install-123");
    const form = await ctx.app.inject({
      method: "POST",
      url: URL,
      headers: { "x-peek-auth": `Bearer ${token}`, "content-type": "application/x-www-form-urlencoded" },
      payload: "booking_id=b_1",
    });
    expect(form.statusCode).toBe(415);
    expect((await send("{nope", token)).statusCode).toBe(400);
    expect((await send({ waiver: { booking_id: "b_1", padding: "x".repeat(1_100_000) } }, token)).statusCode).toBe(413);
    expect(await state()).toEqual({ waivers: [], deliveries: [] });
  });
});

describe("waiver webhook with PEEK_FULL_CUSTOMER_ACCESS=true", () => {
  const ctx = useTestApp(() => ({ config: testConfig({ PEEK_FULL_CUSTOMER_ACCESS: "true" }) }));
  it("keeps the participant's name", async () => {
    await postWebhook(ctx.app, "/registry/api/on-installation-status-change", installationBody());
    await postWebhook(ctx.app, URL, waiver(), await peekToken("install-123"));
    expect(await ctx.t.db.select({ name: waivers.participantName }).from(waivers)).toEqual([{ name: "Sam Guest" }]);
  });

  it("reads a participant name that is no text as none", async () => {
    await postWebhook(ctx.app, "/registry/api/on-installation-status-change", installationBody());
    const body = waiver();
    const response = await postWebhook(
      ctx.app,
      URL,
      { waiver: { ...body.waiver, waiver_data: { ...body.waiver.waiver_data, participant_name: 5 } } },
      await peekToken("install-123"),
    );
    expect(response.statusCode, response.body).toBe(200);
    expect(await ctx.t.db.select({ name: waivers.participantName }).from(waivers)).toEqual([{ name: null }]);
  });
});
