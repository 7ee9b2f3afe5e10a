import { join } from "node:path";
import { backfillBookings, listJobs, type SampleBookingState, sampleBookingPayload } from "@kit/api";
import { kitRunner, listenEmulator, SECRETS } from "@kit/cli/testing";
import { type AppConfig, parseEnv } from "@kit/config";
import { bookings, createDb, type DatabaseHandle, migrate, partners } from "@kit/db";
import { mintPeekToken } from "@kit/peek";
import { freePort } from "@kit/peek/testing";
import { asc, eq } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import superjson from "superjson";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../app";

/**
 * The installation lifecycle against the emulated Peek, through the real app on a port: the backfill reads the
 * account's bookings from the emulated API, the setup status reaches the emulated configuration-status endpoint, a
 * failing endpoint is retried then dead-lettered, and `kit jobs retry` replays it. PGlite on a directory, so the
 * command line can open the database while the app is stopped, as a developer does.
 */
const runner = kitRunner();
const pgliteDir = join(runner.dataDir, "pglite");
Object.assign(runner.env, { PGLITE_DIR: pgliteDir });
let config: AppConfig;
let handle: DatabaseHandle;
let app: FastifyInstance;
let appUrl: string;
let emulatorServer: FastifyInstance;
let emulatorUrl: string;
let appPort: number;

async function startApp() {
  handle = await createDb({ driver: "pglite", dataDir: pgliteDir });
  await migrate(handle);
  app = await buildApp({
    config,
    database: handle,
    serveWeb: false,
    widgetBundleFile: null,
    jobPollingIntervalSeconds: 0.5,
    // Short retries: a failing report is dead-lettered within seconds.
    jobPolicies: { "peek.configuration-status": { retryLimit: 1, retryDelay: 1 } },
  });
  appUrl = await app.listen({ port: appPort, host: "127.0.0.1" });
}
async function stopApp() {
  await app.close();
  await handle.close();
}

beforeAll(async () => {
  emulatorUrl = `http://127.0.0.1:${await freePort()}`;
  appPort = await freePort();
  const parsed = parseEnv(
    {
      NODE_ENV: "test",
      PGLITE_DIR: pgliteDir,
      LOG_LEVEL: "silent",
      EMULATOR_ORIGIN: emulatorUrl,
      APP_URL: `http://127.0.0.1:${appPort}`,
      ...SECRETS,
    },
    runner.dataDir,
  );
  if (!parsed.ok) throw new Error(parsed.error);
  config = parsed.config;
  expect(config.peek.configurationApiUrl).toBe(emulatorUrl); // outside production, the emulator stands in for Peek
  await startApp();
  emulatorServer = await listenEmulator(runner, appUrl, emulatorUrl);
});
afterAll(async () => {
  await emulatorServer?.close();
  await app?.close();
  await handle?.close();
  runner.cleanup();
});

async function eventually<T>(read: () => Promise<T>, accept: (value: T) => boolean, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (accept(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function install(account: string) {
  const installed = await runner.kit("peek", "install", "--account", account);
  expect(installed.code).toBe(0);
  return installed.last;
}

async function session(installId: string) {
  const token = (await runner.kit("peek", "token", installId)).last;
  const response = await fetch(`${appUrl}/peek-pro/session`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ "peek-auth": token }),
  });
  return ((await response.json()) as { token: string }).token;
}

const mutate = (token: string, path: string, input: unknown) =>
  fetch(`${appUrl}/trpc/${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify(superjson.serialize(input)),
  });

const reported = async (installId: string) => {
  const state = (await (await fetch(`${emulatorUrl}/api/state`)).json()) as {
    installations: { installId: string; configurationStatus?: { status: string; notes: string | null } }[];
  };
  return state.installations.find((i) => i.installId === installId)?.configurationStatus ?? null;
};

const health = async () =>
  (await (
    await fetch(`${appUrl}/health`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ checkType: "health" }),
    })
  ).json()) as { ragStatus: string };

const setFault = (on: boolean) =>
  fetch(`${emulatorUrl}/api/faults`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: emulatorUrl },
    body: JSON.stringify({ configurationStatus: on }),
  });

describe("backfill", () => {
  it("an install stores the account's upcoming bookings read from Peek; running it again changes nothing", async () => {
    const installId = await install("Backfill Tours");
    const [partner] = await handle.db.select().from(partners).where(eq(partners.appRegistryInstallationRefid, installId));
    if (!partner) throw new Error("no partner");
    const stored = () => handle.db.select().from(bookings).where(eq(bookings.partnerId, partner.id)).orderBy(asc(bookings.startsAt));
    // The emulated account has bookings in 1, 3 and 9 days, and one 5 days ago (not upcoming: not read).
    const rows = await eventually(stored, (r) => r.length >= 3);
    expect(rows).toHaveLength(3);
    expect(rows.every((row) => row.startsAt && row.startsAt > new Date())).toBe(true);

    const again = await backfillBookings(handle.db, {
      partnerId: partner.id,
      days: config.backfillDays,
      now: new Date(),
      peek: peekAccess(),
    });
    expect(again).toEqual({ read: 3, created: 0, updated: 0, skipped: null });
    expect(await stored()).toEqual(rows);
  });

  it("a booking change Peek signs after the backfill's read wins over what was read, in the same second, across a clock difference, whichever arrives first", async () => {
    const installId = await install("Same Second Tours");
    const [partner] = await handle.db.select().from(partners).where(eq(partners.appRegistryInstallationRefid, installId));
    if (!partner) throw new Error("no partner");
    await eventually(
      () => handle.db.select().from(bookings).where(eq(bookings.partnerId, partner.id)),
      (r) => r.length >= 3,
    );
    // One of the account's upcoming bookings, as the emulated Peek holds it (what a backfill reads).
    const account = (await (await fetch(`${emulatorUrl}/api/state`)).json()) as {
      installations: {
        installId: string;
        account: { timezone: string };
        bookings: Record<string, SampleBookingState & { purchasedAt: string }>;
      }[];
    };
    const installation = account.installations.find((i) => i.installId === installId);
    const read = Object.values(installation?.bookings ?? {}).find((b) => new Date(b.startsAtUtc) > new Date());
    if (!installation || !read) throw new Error("no upcoming booking in the emulator");
    const quantity = async () =>
      (await handle.db.select({ quantity: bookings.quantity }).from(bookings).where(eq(bookings.bookingId, read.id)))[0]?.quantity;
    // Peek's delivery times are whole seconds (the token's iat): both changes below are signed in second `second`.
    const second = Math.floor(Date.now() / 1000) * 1000;
    const deliver = async (state: SampleBookingState, signedAt: Date) => {
      const response = await fetch(`${appUrl}/peek-pro/api/on-booking-change`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "x-peek-auth": `Bearer ${await mintPeekToken({ installId, secret: SECRETS.PEEK_APP_SECRET, user: null, now: signedAt })}`,
        },
        body: JSON.stringify(
          sampleBookingPayload(state, { timeZone: installation.account.timezone, purchasedAt: new Date(read.purchasedAt) }),
        ),
      });
      expect(response.status, await response.text()).toBe(200);
    };
    const backfill = (at: Date) =>
      backfillBookings(handle.db, { partnerId: partner.id, days: config.backfillDays, now: at, peek: peekAccess() });

    // The backfill reads at .600 of the second; a change made after it, signed in the same second, arrives later.
    await backfill(new Date(second + 600));
    await deliver({ ...read, quantity: read.quantity + 5 }, new Date(second + 900));
    expect(await quantity()).toBe(read.quantity + 5);

    // A change signed in that second is stored first; a backfill in the same second reads what Peek held before it.
    await deliver({ ...read, quantity: read.quantity + 7 }, new Date(second + 950));
    await backfill(new Date(second + 990));
    expect(await quantity()).toBe(read.quantity + 7);

    // Peek's clock 300 ms behind this server's (tokens may differ by up to 10 s): a backfill reads at .100 of a second by
    // this server's clock (ten seconds on, so that it replaces the row above), and a change made just after it is signed
    // at .800 of the second before by Peek's. The change still wins.
    await backfill(new Date(second + 11_100));
    expect(await quantity()).toBe(read.quantity);
    await deliver({ ...read, quantity: read.quantity + 3 }, new Date(second + 10_800));
    expect(await quantity()).toBe(read.quantity + 3);
  });
});

function peekAccess() {
  return {
    appId: config.peek.appId,
    appSecret: config.peek.appSecret,
    apiKey: config.peek.apiKey,
    apiHosts: config.peek.apiHosts,
    installationsApiUrl: config.peek.installationsApiUrl,
  };
}

describe("setup status reported to Peek", () => {
  it("reaches the emulated endpoint on each change; a failing endpoint is retried, dead-lettered, and kit jobs retry replays it", async () => {
    const installId = await install("Setup Tours");
    const token = await session(installId);
    expect((await mutate(token, "demo.create", { name: "First", status: "draft" })).status).toBe(200);
    expect(
      await eventually(
        () => reported(installId),
        (r) => r?.status === "in_progress",
      ),
    ).toEqual({
      status: "in_progress",
      notes: "1 of 2 setup steps done",
      at: expect.any(String),
    });

    await setFault(true);
    expect((await mutate(token, "partners.completeSetupStep", { id: "reviewed_settings" })).status).toBe(200);
    const failed = await eventually(
      () => listJobs(handle.db, { failed: true, queue: "peek.configuration-status" }),
      (jobs) => jobs.length > 0,
    );
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ state: "failed", retries: 1, error: expect.stringContaining("503") });
    expect((await reported(installId))?.status).toBe("in_progress");
    expect((await eventually(health, (h) => h.ragStatus === "amber")).ragStatus).toBe("amber");

    // Peek is back; with PGlite the command line opens the database while the app is stopped.
    await setFault(false);
    await stopApp();
    const listed = await runner.kit("jobs", "list", "--failed");
    expect(listed.out.join("\n")).toContain(failed[0]?.id);
    const retried = await runner.kit("jobs", "retry", failed[0]?.id ?? "");
    expect(retried).toMatchObject({ code: 0, out: [`retrying ${failed[0]?.id}`] });
    await startApp();
    expect(
      await eventually(
        () => reported(installId),
        // A finished setup, as Peek's SDK names it (PEEK_CONFIGURATION_STATUSES' default).
        (r) => r?.status === "configured",
      ),
    ).toMatchObject({
      status: "configured",
      notes: "2 of 2 setup steps done",
    });
    expect(await listJobs(handle.db, { failed: true })).toEqual([]);
    expect((await eventually(health, (h) => h.ragStatus === "green")).ragStatus).toBe("green");
  });
});
