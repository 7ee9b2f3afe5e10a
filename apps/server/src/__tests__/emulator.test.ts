import { WEBHOOK_KINDS } from "@kit/api";
import { kitRunner, listenEmulator, SECRETS } from "@kit/cli/testing";
import { parseEnv } from "@kit/config";
import { bookingEvents, bookings, partners, sessions, waivers } from "@kit/db";
import { createTestDb, type TestDatabase } from "@kit/db/testing";
import { mintPeekToken } from "@kit/peek";
import { freePort } from "@kit/peek/testing";
import { eq } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { buildApp } from "../app";

/** The emulator's commands against the real app listening on a port, and its page and back-office API on another. */
let t: TestDatabase;
let app: FastifyInstance;
let emulatorServer: FastifyInstance;
let appUrl: string;
let emulatorUrl: string;
const runner = kitRunner();

beforeAll(async () => {
  t = await createTestDb();
  // The emulator's port must be known before the app's config names it as a Peek origin.
  emulatorUrl = `http://127.0.0.1:${await freePort()}`;
  const parsed = parseEnv(
    { NODE_ENV: "test", PGLITE_DIR: "memory", LOG_LEVEL: "silent", EMULATOR_ORIGIN: emulatorUrl, ...SECRETS },
    runner.dataDir,
  );
  if (!parsed.ok) throw new Error(parsed.error);
  // No job workers: an install queues a backfill of the account's bookings, which would add rows to the tables these
  // tests read at whatever moment its worker polls (lifecycle-emulator.test.ts runs it, and its race with deliveries).
  app = await buildApp({ config: parsed.config, database: t, serveWeb: false, widgetBundleFile: null, runJobWorkers: false });
  appUrl = await app.listen({ port: 0, host: "127.0.0.1" });
  emulatorServer = await listenEmulator(runner, appUrl, emulatorUrl);
});
beforeEach(() => t.reset());
afterAll(async () => {
  await emulatorServer?.close();
  await app?.close();
  await t?.close();
  runner.cleanup();
});

const trpc = (path: string, token: string) =>
  fetch(`${appUrl}/trpc/${path}`, { headers: { authorization: `Bearer ${token}` } }).then(async (r) => ({
    status: r.status,
    data: ((await r.json()) as { result?: { data?: { json?: unknown } } }).result?.data?.json,
  }));

/** What Peek Pro's frame does with the emulator's token for an installation: opens an embed session. */
const openSession = async (installId: string) =>
  fetch(`${appUrl}/peek-pro/session`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ "peek-auth": (await runner.kit("peek", "token", installId)).last }),
  });

describe("kit peek, against a running app", () => {
  it("install → the partner exists, pointing at the emulated back-office API", async () => {
    const installed = await runner.kit(
      "peek",
      "install",
      "--account",
      "Acme Tours",
      "--platform",
      "cng",
      "--test",
      "--user-email",
      "jane@acme.example",
    );
    expect(installed.code).toBe(0);
    const installId = installed.last;
    const [partner] = await t.db.select().from(partners);
    expect(partner).toMatchObject({ name: "Acme Tours", platform: "cng", isTest: true });
    expect(JSON.stringify(partner?.apiConfig)).toContain(`${emulatorUrl}/installations-api/`);
    expect((await runner.kit("peek", "list")).out.join("\n")).toContain(installId);
  });

  it("token → accepted by /peek-pro/session; the session reads the partner and the emulated activities", async () => {
    const installId = (await runner.kit("peek", "install", "--account", "Acme Tours", "--user-email", "jane@acme.example")).last;
    const response = await openSession(installId);
    expect(response.status).toBe(200);
    const session = (await response.json()) as { token: string };
    const me = await trpc("partners.me", session.token);
    expect(me.data).toMatchObject({ user: { email: "jane@acme.example" }, partner: { name: "Acme Tours" } });
    const activities = await trpc("partners.activities", session.token);
    expect(activities.data).toMatchObject({
      available: true,
      activities: expect.arrayContaining([{ id: "act_sunset_kayak", name: "Sunset Kayak Tour" }]),
    });
  });

  it("booking created, updated, canceled and a waiver → stored for the partner; uninstall → its sessions are revoked", async () => {
    const installId = (await runner.kit("peek", "install", "--account", "Acme Tours")).last;
    const created = await runner.kit("peek", "booking", installId);
    expect(created.code).toBe(0);
    expect(created.out[0]).toContain("received a booking change");
    const bookingId = created.last;
    expect((await runner.kit("peek", "booking", installId, "--event", "booking_updated", "--booking-id", bookingId)).code).toBe(0);
    expect((await runner.kit("peek", "booking", installId, "--event", "booking_canceled", "--booking-id", bookingId)).code).toBe(0);
    expect(await t.db.select({ id: bookings.bookingId, status: bookings.status, quantity: bookings.quantity }).from(bookings)).toEqual([
      { id: bookingId, status: "canceled", quantity: 3 },
    ]);
    expect((await t.db.select({ event: bookingEvents.event }).from(bookingEvents)).map((e) => e.event).sort()).toEqual([
      "canceled",
      "created",
      "updated",
    ]);
    const signed = await runner.kit("peek", "waiver", installId, "--booking", bookingId);
    expect(signed.last).toContain("received a waiver");
    expect(await t.db.select({ bookingId: waivers.bookingId }).from(waivers)).toEqual([{ bookingId }]);

    const session = await openSession(installId);
    const recent = await trpc("bookings.recent", ((await session.json()) as { token: string }).token);
    expect(recent.data).toMatchObject({ source: "peek", items: [{ bookingId, status: "canceled" }] });
    const [partner] = await t.db.select().from(partners);
    expect(await t.db.$count(sessions, eq(sessions.partnerId, partner?.id ?? ""))).toBe(1);
    expect((await runner.kit("peek", "uninstall", installId)).code).toBe(0);
    expect(await t.db.$count(sessions)).toBe(0);
    expect((await t.db.select().from(partners))[0]?.appRegistryInstallation).toMatchObject({ status: "uninstalled" });
  });

  it("reinstall → the same account's partner, installed again under a new id, with its bookings and a new session", async () => {
    const first = (await runner.kit("peek", "install", "--account", "Acme Tours")).last;
    const bookingId = (await runner.kit("peek", "booking", first)).last;
    expect((await runner.kit("peek", "reinstall", first)).err.join()).toMatch(/is installed: uninstall it first/);
    expect((await runner.kit("peek", "uninstall", first)).code).toBe(0);
    expect((await t.db.select().from(partners))[0]?.uninstalledAt).not.toBeNull();

    const reinstalled = await runner.kit("peek", "reinstall", first);
    expect(reinstalled.code, reinstalled.err.join("\n")).toBe(0);
    const second = reinstalled.last;
    expect(second).not.toBe(first);
    const [partner, ...others] = await t.db.select().from(partners);
    expect(others).toEqual([]);
    expect(partner).toMatchObject({ appRegistryInstallationRefid: second, previousInstallIds: [first], uninstalledAt: null });
    expect(partner?.appRegistryInstallation).toMatchObject({ status: "installed", install_id: second });
    expect(await t.db.select({ id: bookings.bookingId }).from(bookings)).toEqual([{ id: bookingId }]);
    // Once is enough: the account has the app again.
    expect((await runner.kit("peek", "reinstall", first)).err.join()).toMatch(/installed again already, as emu_/);

    const session = await openSession(second);
    expect(session.status).toBe(200);
    const recent = await trpc("bookings.recent", ((await session.json()) as { token: string }).token);
    expect(recent.data).toMatchObject({ items: [{ bookingId }] });
  });

  it("says clearly what went wrong: unknown installation, unsubscribed event, unreachable app", async () => {
    const unknown = await runner.kit("peek", "uninstall", "emu_nope");
    expect(unknown).toMatchObject({ code: 1, err: [expect.stringMatching(/no emulated installation emu_nope/)] });
    const installId = (await runner.kit("peek", "install", "--account", "Acme Tours")).last;
    const event = await runner.kit("peek", "booking", installId, "--event", "booking_exploded");
    // The events app.json subscribes to, as the webhook registry defines them (a generated kind adds its own).
    const subscribed = WEBHOOK_KINDS.flatMap((kind) => kind.events).join(", ");
    expect(event.err.join()).toContain(`subscribes to ${subscribed}, not booking_exploded`);
    // An installation starts with the bookings its account already had; one that never existed cannot be updated.
    const noBooking = await runner.kit("peek", "booking", installId, "--event", "booking_updated", "--booking-id", "B-NOPE42");
    expect(noBooking.err.join()).toMatch(/no booking b_nope42 on .*: send booking_created first/);
    const missing = await runner.kit("peek", "install");
    expect(missing.code).toBe(2);
    const offline = kitRunner({ APP_URL: "http://127.0.0.1:9" });
    const down = await offline.kit("peek", "install", "--account", "Nowhere");
    expect(down.code).toBe(1);
    expect(down.err.join()).toMatch(/the app is unreachable/);
    offline.cleanup();
  });
});

describe("the emulator's page and API", () => {
  it("serves the back-office page, framing only the app's origin", async () => {
    const response = await fetch(emulatorUrl);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain("Install app");
    expect(html).toContain(`${appUrl}/peek-pro/settings`);
    expect(response.headers.get("content-security-policy")).toContain(`frame-src ${appUrl}`);
  });

  it("answers requests addressed to it only (a page a DNS trick points here cannot read its state)", async () => {
    const port = new URL(emulatorUrl).port;
    const state = (host: string) => emulatorServer.inject({ url: "/api/state", headers: { host } });
    expect((await state("evil.example")).statusCode).toBe(421);
    expect((await state(`evil.example:${port}`)).statusCode).toBe(421);
    expect((await state(`127.0.0.1:${port}`)).statusCode).toBe(200);
    expect((await state(`localhost:${port}`)).statusCode).toBe(200);
  });

  it("installs from the page's own origin only", async () => {
    const post = (origin: string | null) =>
      fetch(`${emulatorUrl}/api/installs`, {
        method: "POST",
        headers: { "content-type": "application/json", ...(origin ? { origin } : {}) },
        body: JSON.stringify({ account: "From the page" }),
      });
    expect((await post("https://evil.example")).status).toBe(403);
    expect((await post(null)).status).toBe(403);
    const ok = await post(emulatorUrl);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ account: { name: "From the page" }, status: "installed" });
  });

  it("answers the SDK only with a token the app signed", async () => {
    const response = await fetch(`${emulatorUrl}/installations-api/peek-app-kit-dev`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: "{ activities { id } }" }),
    });
    expect(response.status).toBe(401);
  });

  it("kit token --install works in development out of the box: the app accepts the token (development issuer)", async () => {
    expect(runner.env.INTERNAL_API_ISSUERS).toBeUndefined();
    const body = {
      status: "installed",
      install_id: "install-token",
      display_version: "1.0.0",
      account: { id: "42", name: "Token Tours", platform: "peek", is_test: false },
    };
    const token = await mintPeekToken({ installId: "install-token", secret: SECRETS.PEEK_APP_SECRET, user: null });
    const installed = await app.inject({
      method: "POST",
      url: "/registry/api/on-installation-status-change",
      headers: { "x-peek-auth": `Bearer ${token}`, "content-type": "application/json" },
      payload: JSON.stringify(body),
    });
    expect(installed.statusCode).toBe(200);
    const minted = await runner.kit("token", "--install", "install-token");
    expect(minted.code, minted.err.join("\n")).toBe(0);
    expect(minted.err).toEqual([]);
    const me = await app.inject({ method: "GET", url: "/trpc/partners.me", headers: { authorization: `Bearer ${minted.last}` } });
    expect(me.statusCode).toBe(200);
    expect(me.json().result.data.json.partner.name).toBe("Token Tours");
  });

  it("lists and calls the tools an installed app offers Peek's AI (the page's MCP panel, and kit mcp)", async () => {
    const installId = (await runner.kit("peek", "install", "--account", "Tools Inc")).last;
    const mcp = (body: unknown) =>
      fetch(`${emulatorUrl}/api/installs/${installId}/mcp`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: emulatorUrl },
        body: JSON.stringify(body),
      }).then((r) => r.json() as Promise<{ result?: { tools?: { name: string }[]; structuredContent?: unknown } }>);
    const listed = await mcp({ method: "tools/list" });
    expect(listed.result?.tools?.map((tool) => tool.name)).toContain("bookings_list");
    const counted = await mcp({ method: "tools/call", name: "demo_count", arguments: {} });
    expect(counted.result?.structuredContent).toEqual({ total: 0 });
    const printed = await runner.kit("mcp", "--install", installId, "--list");
    expect(printed.code, printed.err.join("\n")).toBe(0);
    const text = printed.out.join("\n");
    expect(text).toContain(`MCP endpoint: ${appUrl}/mcp`);
    expect(text).toMatch(/"x-peek-auth": "Bearer [\w-]+\.[\w-]+\.[\w-]+"/);
    expect(text).toMatch(/ {2}bookings_list: Lists the partner's bookings/);
  });
});
