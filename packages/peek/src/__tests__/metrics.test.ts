import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import { ahemSink, type InstallMetric, postHogSink } from "../metrics";
import { startLoopbackServer } from "../testing";

let status = 200;
let server: Awaited<ReturnType<typeof startLoopbackServer>>;
beforeAll(async () => {
  server = await startLoopbackServer(() => ({ status, body: {} }));
});
afterAll(() => server.close());
beforeEach(() => {
  status = 200;
  server.received.length = 0;
});

const install: InstallMetric = {
  event: "app.install",
  installId: "install-1",
  partnerId: "p-1",
  accountId: "acct-42",
  partnerName: "Acme Tours",
  platform: "cng",
  isTest: true,
  at: "2026-11-25T12:00:00.000Z",
};
const uninstall: InstallMetric = { ...install, event: "app.uninstall", isTest: false };
const sent = () =>
  server.received.map((r) => ({ method: r.method, url: r.url, type: r.headers["content-type"], body: JSON.parse(r.body) }));

it("sends an install to Ahem as Peek's SDK does (event id, test display string, the account as anonymous id)", async () => {
  status = 202;
  await ahemSink({ url: `${server.url}/`, appId: "my app" }).capture(install);
  expect(sent()).toEqual([
    {
      method: "POST",
      url: "/events/my%20app",
      type: "application/json",
      body: {
        eventId: "app.install",
        level: "info",
        anonymousId: "acct-42",
        usageDisplay: "New TEST App Installs",
        usageDetails: "Acme Tours",
        postMessage: null,
        customFields: { partnerName: "Acme Tours", partnerExternalRefid: "acct-42", partnerIsTest: true },
      },
    },
  ]);
});

it("sends a live uninstall to Ahem with its own display string", async () => {
  await ahemSink({ url: server.url, appId: "my-app" }).capture(uninstall);
  expect(sent()[0]?.body).toMatchObject({ eventId: "app.uninstall", usageDisplay: "New App Uninstalls", anonymousId: "acct-42" });
});

it("identifies the partner in PostHog, then captures the install, under <platform>-<account id>", async () => {
  await postHogSink({ apiKey: "phc_key", host: `${server.url}/`, appId: "my-app" }).capture(install);
  expect(sent()).toEqual([
    {
      method: "POST",
      url: "/i/v0/e/",
      type: "application/json",
      body: {
        api_key: "phc_key",
        event: "$set",
        distinct_id: "cng-acct-42",
        timestamp: "2026-11-25T12:00:00.000Z",
        properties: { $set: { name: "Acme Tours", is_test: true, platform: "cng" } },
      },
    },
    {
      method: "POST",
      url: "/capture",
      type: "application/json",
      body: {
        api_key: "phc_key",
        event: "app.install",
        timestamp: "2026-11-25T12:00:00.000Z",
        properties: {
          distinct_id: "cng-acct-42",
          partner_id: "acct-42",
          partner_name: "Acme Tours",
          partner_is_test: true,
          app_slug: "my-app",
          platform: "cng",
        },
      },
    },
  ]);
});

it("captures an uninstall in PostHog without identifying; a partner without a platform is Peek's", async () => {
  await postHogSink({ apiKey: "k", host: server.url, appId: "a" }).capture({ ...uninstall, platform: "" });
  expect(sent().map((r) => r.url)).toEqual(["/capture"]);
  expect(sent()[0]?.body).toMatchObject({ event: "app.uninstall", properties: { distinct_id: "peek-acct-42", platform: "peek" } });
});

it("throws on a non-2xx answer so the job is retried", async () => {
  status = 503;
  await expect(postHogSink({ apiKey: "k", host: server.url, appId: "a" }).capture(uninstall)).rejects.toThrow("PostHog answered HTTP 503");
  await expect(ahemSink({ url: server.url, appId: "a" }).capture(uninstall)).rejects.toThrow("Ahem answered HTTP 503");
});
