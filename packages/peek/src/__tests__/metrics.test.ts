import { afterAll, beforeAll, expect, it } from "vitest";
import { type InstallMetric, postHogSink } from "../metrics";
import { startLoopbackServer } from "../testing";

let status = 200;
let posthog: Awaited<ReturnType<typeof startLoopbackServer>>;
let base = "";
beforeAll(async () => {
  posthog = await startLoopbackServer(() => ({ status, body: {} }));
  base = posthog.url;
});
afterAll(() => posthog.close());

const metric: InstallMetric = {
  event: "app_uninstalled",
  installId: "install-1",
  partnerId: "p-1",
  partnerName: "Acme Tours",
  platform: "cng",
  isTest: true,
  at: "2026-11-25T12:00:00.000Z",
};

it("captures an install metric with PostHog's capture API", async () => {
  await postHogSink({ apiKey: "phc_key", host: `${base}/`, appId: "my-app" }).capture(metric);
  const last = posthog.received.at(-1);
  expect({ url: last?.url, body: JSON.parse(last?.body ?? "{}") }).toEqual({
    url: "/capture/",
    body: {
      api_key: "phc_key",
      event: "app_uninstalled",
      distinct_id: "install-1",
      timestamp: "2026-11-25T12:00:00.000Z",
      properties: { app_slug: "my-app", partner_id: "p-1", partner_name: "Acme Tours", platform: "cng", is_test: true },
    },
  });
});

it("throws on a non-2xx answer so the job is retried", async () => {
  status = 503;
  await expect(postHogSink({ apiKey: "k", host: base, appId: "a" }).capture(metric)).rejects.toThrow("HTTP 503");
  status = 200;
});
