import { partners, webhookDeliveries } from "@kit/db";
import { createIsolatedTestDb, createTestDb, type TestDatabase } from "@kit/db/testing";
import type { InstallMetric, MetricsSink } from "@kit/peek";
import { startLoopbackServer } from "@kit/peek/testing";
import { eq, inArray } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, expect, it } from "vitest";
import { buildApp } from "../app";
import { installationBody, peekToken, postWebhook } from "./peek-fixtures";
import { buildTestApp, testConfig } from "./test-app";

const URL = "/registry/api/on-installation-status-change";
const captured: InstallMetric[] = [];
const recording: MetricsSink = {
  name: "recording",
  async capture(metric) {
    captured.push(metric);
  },
};

let t: TestDatabase;
let app: FastifyInstance;
beforeAll(async () => {
  t = await createTestDb();
  app = await buildTestApp(t, { metrics: [recording] });
  await app.ready();
});
afterAll(async () => {
  await app.close();
  await t.close();
});

async function waitForMetrics(count: number): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (captured.length < count && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
}

/** `seconds` after a moment 30 s ago: tokens signed in the recent past, in a chosen order. */
const signedAt = (seconds: number) => new Date(Date.now() - 30_000 + seconds * 1000);

/** An installation delivery for `account`, its token signed at `at`; answers the status code. */
async function deliverSigned(installId: string, account: { id: string; name: string }, status: string, at: Date) {
  const body = installationBody({ install_id: installId, status }, account);
  return (await postWebhook(app, URL, body, await peekToken(installId, { now: at }))).statusCode;
}

it("tracks installs and uninstalls through the job queue, after the webhook answered", async () => {
  expect((await postWebhook(app, URL, installationBody())).statusCode).toBe(200);
  expect((await postWebhook(app, URL, installationBody({ status: "update_installed", display_version: "2" }))).statusCode).toBe(200);
  expect((await postWebhook(app, URL, installationBody({ status: "uninstalled" }))).statusCode).toBe(200);
  expect((await postWebhook(app, URL, installationBody(), null)).statusCode).toBe(401);
  await waitForMetrics(2);
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  expect(captured.map((m) => m.event).sort()).toEqual(["app.install", "app.uninstall"]);
  expect(captured[0]).toMatchObject({
    installId: "install-123",
    accountId: "1000001",
    partnerName: "Demo park",
    platform: "cng",
    isTest: false,
  });
});

it("tracks changes of state, not deliveries: a repeated status or a redelivery tracks nothing, a reinstall tracks again", async () => {
  captured.length = 0;
  const body = installationBody({ install_id: "install-456" }, { id: "2000002", name: "Second park" });
  const post = (overrides: Record<string, unknown>) => postWebhook(app, URL, { ...body, ...overrides });
  for (const status of ["installed", "installed", "update_installed", "installed", "uninstalled", "uninstalled", "installed"]) {
    expect((await post({ status, display_version: `v-${captured.length}-${status}` })).statusCode).toBe(200);
  }
  expect((await post({ status: "installed", display_version: "redelivered" })).statusCode).toBe(200);
  expect((await post({ status: "installed", display_version: "redelivered" })).statusCode).toBe(200);
  await waitForMetrics(3);
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  expect(captured.map((m) => m.event)).toEqual(["app.install", "app.uninstall", "app.install"]);
});

it("a reinstall under a new installation id runs the install hook, even when the old installation's uninstall comes after it", async () => {
  captured.length = 0;
  const account = { id: "3000003", name: "Third park" };
  expect(await deliverSigned("install-old", account, "installed", signedAt(0))).toBe(200);
  // Uninstalled at 10 s, reinstalled under a new id at 20 s; the uninstall's first delivery failed, and Peek's retry
  // comes after the reinstall.
  expect(await deliverSigned("install-new", account, "installed", signedAt(20))).toBe(200);
  expect(await deliverSigned("install-old", account, "uninstalled", signedAt(10))).toBe(200);
  await waitForMetrics(2);
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  expect(captured.map((m) => [m.event, m.installId])).toEqual([
    ["app.install", "install-old"],
    ["app.install", "install-new"],
  ]);
  const [partner] = await t.db.select().from(partners).where(eq(partners.externalRefid, account.id));
  expect(partner).toMatchObject({ appRegistryInstallationRefid: "install-new", uninstalledAt: null });
  const late = await t.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.installId, "install-old"));
  expect(late.map((d) => d.outcome).sort()).toEqual(["accepted", "stale"]);
});

it("a version update for an installation the app holds as uninstalled, or does not hold yet, runs the install hook", async () => {
  captured.length = 0;
  // Uninstalled at 10 s, then Peek updates the installation at 20 s: it is installed again.
  const fourth = { id: "4000004", name: "Fourth park" };
  expect(await deliverSigned("install-4", fourth, "installed", signedAt(0))).toBe(200);
  expect(await deliverSigned("install-4", fourth, "uninstalled", signedAt(10))).toBe(200);
  expect(await deliverSigned("install-4", fourth, "update_installed", signedAt(20))).toBe(200);
  // A new installation's update arrives before its install (Peek retrying that one): the install, older, is stale.
  const fifth = { id: "5000005", name: "Fifth park" };
  expect(await deliverSigned("install-5", fifth, "update_installed", signedAt(20))).toBe(200);
  expect(await deliverSigned("install-5", fifth, "installed", signedAt(0))).toBe(200);
  // Reinstalled under a new id, whose update arrives first (the old installation's uninstall not yet either).
  const sixth = { id: "6000006", name: "Sixth park" };
  expect(await deliverSigned("install-6", sixth, "installed", signedAt(0))).toBe(200);
  expect(await deliverSigned("install-6-again", sixth, "update_installed", signedAt(20))).toBe(200);
  await waitForMetrics(6);
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  expect(captured.map((m) => [m.event, m.installId])).toEqual([
    ["app.install", "install-4"],
    ["app.uninstall", "install-4"],
    ["app.install", "install-4"],
    ["app.install", "install-5"],
    ["app.install", "install-6"],
    ["app.install", "install-6-again"],
  ]);
  const rows = await t.db
    .select()
    .from(partners)
    .where(inArray(partners.externalRefid, [fourth.id, fifth.id]));
  expect(rows.map((p) => [p.appRegistryInstallation?.status, p.uninstalledAt])).toEqual([
    ["update_installed", null],
    ["update_installed", null],
  ]);
});

it("sends each install to Ahem and PostHog as Peek's SDK does, each sink its own job", async () => {
  const server = await startLoopbackServer((request) => ({ status: request.url.startsWith("/events/") ? 202 : 200, body: {} }));
  // Its own database: the other app of this file would take the jobs of a shared one.
  const t2 = await createIsolatedTestDb();
  const configured = await buildApp({
    config: testConfig({ AHEM_URL: server.url, POSTHOG_KEY: "phc_test", POSTHOG_HOST: server.url, PEEK_APP_ID: "my-app" }),
    database: t2,
    serveWeb: false,
    jobPollingIntervalSeconds: 0.5,
  });
  try {
    await configured.ready();
    const body = installationBody({ install_id: "install-789" }, { id: "3000003", name: "Third park", platform: "peek", is_test: true });
    expect((await postWebhook(configured, URL, body)).statusCode).toBe(200);
    const deadline = Date.now() + 15_000;
    while (server.received.length < 3 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    const sent = Object.fromEntries(server.received.map((r) => [r.url, JSON.parse(r.body)]));
    expect(Object.keys(sent).sort()).toEqual(["/capture", "/events/my-app", "/i/v0/e/"]);
    expect(sent["/events/my-app"]).toMatchObject({ eventId: "app.install", anonymousId: "3000003", usageDisplay: "New TEST App Installs" });
    expect(sent["/i/v0/e/"]).toMatchObject({ event: "$set", distinct_id: "peek-3000003" });
    expect(sent["/capture"]).toMatchObject({ event: "app.install", properties: { distinct_id: "peek-3000003", app_slug: "my-app" } });
  } finally {
    await configured.close();
    await t2.close();
    await server.close();
  }
});
