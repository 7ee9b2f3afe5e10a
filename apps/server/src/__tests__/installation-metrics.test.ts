import { createTestDb, type TestDatabase } from "@kit/db/testing";
import type { InstallMetric, MetricsSink } from "@kit/peek";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, expect, it } from "vitest";
import { installationBody, postWebhook } from "./peek-fixtures";
import { buildTestApp } from "./test-app";

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
  app = await buildTestApp(t, { metrics: recording });
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

it("tracks installs and uninstalls through the job queue, after the webhook answered", async () => {
  expect((await postWebhook(app, URL, installationBody())).statusCode).toBe(200);
  expect((await postWebhook(app, URL, installationBody({ status: "update_installed", display_version: "2" }))).statusCode).toBe(200);
  expect((await postWebhook(app, URL, installationBody({ status: "uninstalled" }))).statusCode).toBe(200);
  expect((await postWebhook(app, URL, installationBody(), null)).statusCode).toBe(401);
  await waitForMetrics(2);
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  expect(captured.map((m) => m.event).sort()).toEqual(["app_installed", "app_uninstalled"]);
  expect(captured[0]).toMatchObject({ installId: "install-123", partnerName: "Demo park", platform: "cng", isTest: false });
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
  expect(captured.map((m) => m.event)).toEqual(["app_installed", "app_uninstalled", "app_installed"]);
});
