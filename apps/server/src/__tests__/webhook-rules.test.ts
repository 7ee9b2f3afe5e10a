import { partners, webhookDeliveries } from "@kit/db";
import { mintPeekToken } from "@kit/peek";
import { SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { installationBody, postWebhook } from "./peek-fixtures";
import { recordingLogger, TEST_SECRETS, testConfig, useTestApp } from "./test-app";

const INSTALLATION = "/registry/api/on-installation-status-change";
const BOOKING = "/peek-pro/api/on-booking-change";
const nowS = () => Math.floor(Date.now() / 1000);

/** A token as Peek signs it, with a given user block and issue time. */
const tokenWith = (options: { user?: Record<string, unknown> | null; iat?: number; installId?: string }) =>
  new SignJWT({ user: options.user ?? null })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setIssuer("app_registry_v2")
    .setAudience("Joken")
    .setSubject(options.installId ?? "install-123")
    .setIssuedAt(options.iat ?? nowS())
    .setExpirationTime(nowS() + 60)
    .sign(new TextEncoder().encode(TEST_SECRETS.PEEK_APP_SECRET));

const staff = { id: "staff-7", email: "staff@acme.example", name: "Staff", is_admin: false };
const admin = { id: "admin-1", email: "owner@acme.example", name: "Owner", is_admin: true };

describe("webhook tokens that name a user (PEEK_WEBHOOK_USER_TOKENS=admins, the default)", () => {
  const log = recordingLogger();
  const ctx = useTestApp(() => ({ logger: log.logger }));
  const seed = () => postWebhook(ctx.app, INSTALLATION, installationBody({ api: { url: "https://api.peek.com/x" } }));

  it("refuses a staff member's iframe token on the installation webhook (403) and changes nothing", async () => {
    await seed();
    const before = await ctx.t.db.select().from(partners);
    const response = await postWebhook(
      ctx.app,
      INSTALLATION,
      installationBody({ status: "uninstalled" }),
      await tokenWith({ user: staff }),
    );
    expect(response.statusCode).toBe(403);
    expect(await ctx.t.db.select().from(partners)).toEqual(before);
    expect(await ctx.t.db.$count(webhookDeliveries)).toBe(1);
  });

  it("accepts an admin's token, never lets it change the stored api url, and logs the user by id only", async () => {
    await seed();
    const body = installationBody({ display_version: "2.0.0", api: { url: "https://evil.example/steal" } }, { name: "Renamed" });
    const response = await postWebhook(ctx.app, INSTALLATION, body, await tokenWith({ user: admin }));
    expect(response.statusCode).toBe(200);
    expect(await ctx.t.db.select().from(partners)).toMatchObject([{ name: "Renamed", apiConfig: { url: "https://api.peek.com/x" } }]);
    const [row] = await ctx.t.db
      .select()
      .from(webhookDeliveries)
      .where((await import("drizzle-orm")).eq(webhookDeliveries.outcome, "accepted"));
    expect(row).toBeDefined();
    const line = log.lines.find((l) => l.includes("installation delivery with a user's token"));
    expect(line).toContain('"actorUserId":"admin-1"');
    expect(log.lines.join("\n")).not.toContain("owner@acme.example");
  });

  it.each([
    ["installed", "an installation the app does not know yet"],
    ["uninstalled", "an installation the app does not know yet"],
  ])("refuses an admin's token (403) delivering %s for %s, naming another account: that account's partner is untouched", async (status) => {
    // The victim's partner, installed by Peek; the attacker is an admin of another account, whose installation
    // ("install-m") the app has not recorded yet, and copies the victim's account id into the unsigned body.
    await seed();
    const before = await ctx.t.db.select().from(partners);
    const body = installationBody({ install_id: "install-m", status });
    const response = await postWebhook(ctx.app, INSTALLATION, body, await tokenWith({ user: admin, installId: "install-m" }));
    expect(response.statusCode).toBe(403);
    expect(await ctx.t.db.select().from(partners)).toEqual(before);
    expect(await ctx.t.db.select({ outcome: webhookDeliveries.outcome }).from(webhookDeliveries)).toEqual(
      expect.arrayContaining([{ outcome: "accepted" }, { outcome: "rejected" }]),
    );
  });

  it("refuses an admin's token (403) that would move a known installation to another account", async () => {
    await seed();
    const before = await ctx.t.db.select().from(partners);
    const body = installationBody({ display_version: "2.0.0" }, { id: "9999999", name: "Someone else" });
    expect((await postWebhook(ctx.app, INSTALLATION, body, await tokenWith({ user: admin }))).statusCode).toBe(403);
    expect(await ctx.t.db.select().from(partners)).toEqual(before);
  });

  it.each([
    ["a staff member's", staff],
    ["an admin's", admin],
  ])("refuses %s token on the booking webhook (401), nothing stored", async (_who, user) => {
    await seed();
    const response = await postWebhook(ctx.app, BOOKING, { booking: { id: "b_1" } }, await tokenWith({ user }));
    expect(response.statusCode).toBe(401);
    expect(await ctx.t.db.$count(webhookDeliveries)).toBe(1);
  });

  it("takes Peek's system tokens (user: null, or the SDK's hook user) as before", async () => {
    expect((await seed()).statusCode).toBe(200);
    const hook = await mintPeekToken({ installId: "install-123", secret: TEST_SECRETS.PEEK_APP_SECRET, shape: "sdk", user: null });
    expect((await postWebhook(ctx.app, BOOKING, { booking: { id: "b_1" } }, hook)).statusCode).toBe(200);
  });
});

describe("PEEK_WEBHOOK_USER_TOKENS=refuse and =accept", () => {
  const refuse = useTestApp(() => ({ config: testConfig({ PEEK_WEBHOOK_USER_TOKENS: "refuse" }) }));
  it("refuse: even an admin's token is refused on the installation webhook (401)", async () => {
    const response = await postWebhook(refuse.app, INSTALLATION, installationBody(), await tokenWith({ user: admin }));
    expect(response.statusCode).toBe(401);
    expect(await refuse.t.db.$count(partners)).toBe(0);
  });
});

describe("PEEK_WEBHOOK_USER_TOKENS=accept", () => {
  const accept = useTestApp(() => ({ config: testConfig({ PEEK_WEBHOOK_USER_TOKENS: "accept" }) }));
  it("accept: a staff member's token delivers like a system token", async () => {
    expect((await postWebhook(accept.app, INSTALLATION, installationBody(), await tokenWith({ user: staff }))).statusCode).toBe(200);
    expect((await postWebhook(accept.app, BOOKING, { booking: { id: "b_1" } }, await tokenWith({ user: staff }))).statusCode).toBe(200);
  });
});

describe("installation deliveries out of order", () => {
  const ctx = useTestApp();
  const deliver = async (status: string, iat: number, extra: Record<string, unknown> = {}) =>
    postWebhook(ctx.app, INSTALLATION, installationBody({ status, ...extra }), await tokenWith({ iat }));

  it("records an older installed that arrives after a newer uninstalled as stale, answers 200, and does not reinstall", async () => {
    const t0 = nowS() - 300;
    expect((await deliver("installed", t0)).statusCode).toBe(200);
    expect((await deliver("uninstalled", t0 + 100)).statusCode).toBe(200);
    const late = await deliver("installed", t0 + 50, { display_version: "1.0.9" });
    expect(late.statusCode).toBe(200);
    expect(late.body).toMatch(/already has a newer installation event/);
    expect(await ctx.t.db.select().from(partners)).toMatchObject([
      { appRegistryInstallation: { status: "uninstalled", display_version: "1.0.2" }, lifecycleEventAt: new Date((t0 + 100) * 1000) },
    ]);
    const outcomes = (await ctx.t.db.select().from(webhookDeliveries)).map((d) => d.outcome).sort();
    expect(outcomes).toEqual(["accepted", "accepted", "stale"]);
  });

  it("applies an older version update arriving late as stale too, and a newer one normally", async () => {
    const t0 = nowS() - 300;
    await deliver("installed", t0 + 10, { display_version: "2.0.0" });
    await deliver("update_installed", t0, { display_version: "1.5.0" });
    expect(await ctx.t.db.select().from(partners)).toMatchObject([{ appRegistryInstallation: { display_version: "2.0.0" } }]);
    await deliver("update_installed", t0 + 20, { display_version: "3.0.0" });
    expect(await ctx.t.db.select().from(partners)).toMatchObject([{ appRegistryInstallation: { display_version: "3.0.0" } }]);
  });

  it("applies deliveries signed in the same second in the order they arrive", async () => {
    const t = nowS() - 10;
    await deliver("installed", t);
    await deliver("uninstalled", t);
    expect(await ctx.t.db.select().from(partners)).toMatchObject([{ appRegistryInstallation: { status: "uninstalled" } }]);
  });
});
