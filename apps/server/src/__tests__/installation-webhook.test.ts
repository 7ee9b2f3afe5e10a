import { partners, webhookDeliveries } from "@kit/db";
import { eq } from "drizzle-orm";
import superjson from "superjson";
import { describe, expect, it } from "vitest";
import { installationBody, peekToken, postWebhook } from "./peek-fixtures";
import { testConfig, useTestApp } from "./test-app";

const URL = "/registry/api/on-installation-status-change";
const METRICS_TOKEN = "metrics-token-0123456789";
const ctx = useTestApp(() => ({ config: testConfig({ METRICS_TOKEN }) }));

const allPartners = () => ctx.t.db.select().from(partners);
const deliveries = () => ctx.t.db.select().from(webhookDeliveries);

describe("installation webhook: accepted deliveries", () => {
  it("creates the partner from Peek's real delivery shape and answers in plain text", async () => {
    const response = await postWebhook(ctx.app, URL, installationBody({}, { timezone: "America/Los_Angeles" }));
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toMatch(/^text\/plain/);
    expect(response.body).toBe("Partner Demo park updated successfully.");
    expect(await allPartners()).toMatchObject([
      {
        name: "Demo park",
        externalRefid: "1000001",
        platform: "cng",
        isTest: false,
        timezone: "America/Los_Angeles",
        appRegistryInstallationRefid: "install-123",
        appRegistryInstallation: { status: "installed", display_version: "1.0.2", install_id: "install-123" },
        apiConfig: null,
      },
    ]);
    expect(await deliveries()).toMatchObject([{ kind: "installation", outcome: "accepted", installId: "install-123", deliveryCount: 1 }]);
  });

  it("works at the seed's path too, with a numeric account id and the default platform", async () => {
    const body = installationBody({ modified_by: {} }, { id: 42, platform: undefined });
    const response = await postWebhook(ctx.app, "/peek-pro/api/on-installation-status-change", body);
    expect(response.statusCode).toBe(200);
    expect(await allPartners()).toMatchObject([{ externalRefid: "42", platform: "peek" }]);
  });

  it("a later delivery without a platform keeps the installation's own (a second account with that id elsewhere is not touched)", async () => {
    // The same account id on Peek's own platform, installed under another id.
    await postWebhook(ctx.app, URL, installationBody({ install_id: "install-peek" }, { platform: "peek", name: "Peek park" }));
    await postWebhook(ctx.app, URL, installationBody({}, { platform: "cng" }));
    const update = installationBody({ status: "update_installed", display_version: "2.0.0" }, { platform: undefined });
    expect((await postWebhook(ctx.app, URL, update)).statusCode).toBe(200);
    const uninstall = installationBody({ status: "uninstalled" }, { platform: undefined });
    expect((await postWebhook(ctx.app, URL, uninstall)).statusCode).toBe(200);
    const byInstall = Object.fromEntries((await allPartners()).map((p) => [p.appRegistryInstallationRefid, p]));
    expect(byInstall["install-123"]).toMatchObject({
      platform: "cng",
      name: "Demo park",
      appRegistryInstallation: { status: "uninstalled" },
    });
    expect(byInstall["install-123"]?.uninstalledAt).not.toBeNull();
    expect(byInstall["install-peek"]).toMatchObject({ platform: "peek", name: "Peek park", uninstalledAt: null });
  });

  it("refuses a delivery that gives an installation another account (id or platform) and changes nothing", async () => {
    await postWebhook(ctx.app, URL, installationBody({ install_id: "install-peek" }, { platform: "peek", name: "Peek park" }));
    await postWebhook(ctx.app, URL, installationBody({}, { platform: "cng" }));
    const before = await allPartners();
    for (const account of [{ platform: "peek" }, { platform: "acme" }, { id: "2000002" }]) {
      // Both paths: a delivery that runs no hook (one statement) and one that does (an uninstall).
      for (const status of ["update_installed", "uninstalled"]) {
        const response = await postWebhook(ctx.app, URL, installationBody({ status }, { ...account, name: "Hijacked" }));
        expect(response.statusCode, `${JSON.stringify(account)} ${status}`).toBe(409);
        expect(response.json()).toMatchObject({ error: { code: "CONFLICT" } });
      }
    }
    expect(await allPartners()).toEqual(before);
    expect((await deliveries()).filter((d) => d.outcome === "rejected")).toHaveLength(6);
  });

  it("applies every delivery as a full snapshot, keeping stored timezone and api url when absent", async () => {
    await postWebhook(ctx.app, URL, installationBody({ api: { url: "https://api.cng.connectngo.com/x" } }, { timezone: "Europe/Paris" }));
    const update = installationBody({ status: "update_installed", display_version: "2.0.0" }, { name: "Renamed park", is_test: true });
    expect((await postWebhook(ctx.app, URL, update)).body).toBe("Partner Renamed park updated successfully.");
    expect(await allPartners()).toMatchObject([
      {
        name: "Renamed park",
        isTest: true,
        timezone: "Europe/Paris",
        apiConfig: { url: "https://api.cng.connectngo.com/x" },
        appRegistryInstallation: { status: "update_installed", display_version: "2.0.0" },
      },
    ]);
    await postWebhook(ctx.app, URL, installationBody({ status: "uninstalled", api: { url: "" } }, { timezone: "" }));
    expect(await allPartners()).toMatchObject([
      {
        timezone: "Europe/Paris",
        apiConfig: { url: "https://api.cng.connectngo.com/x" },
        appRegistryInstallation: { status: "uninstalled" },
      },
    ]);
  });

  it("a delivery that runs no hook (one prepared statement) writes a new api url and timezone, and a later one without keeps them", async () => {
    await postWebhook(ctx.app, URL, installationBody({}, { timezone: "Europe/Paris" }));
    const moved = installationBody(
      { status: "update_installed", display_version: "3.0.0", api: { url: "https://api.example.test/v2" } },
      { timezone: "America/Denver", name: "Moved park" },
    );
    expect((await postWebhook(ctx.app, URL, moved)).body).toBe("Partner Moved park updated successfully.");
    expect(await allPartners()).toMatchObject([
      { name: "Moved park", timezone: "America/Denver", apiConfig: { url: "https://api.example.test/v2" } },
    ]);
    await postWebhook(ctx.app, URL, installationBody({ status: "update_installed", display_version: "3.0.1" }, { name: "Moved park" }));
    const [partner] = await allPartners();
    expect(partner).toMatchObject({
      timezone: "America/Denver",
      apiConfig: { url: "https://api.example.test/v2" },
      appRegistryInstallation: { status: "update_installed", display_version: "3.0.1" },
    });
    expect(partner?.lifecycleEventAt).toBeInstanceOf(Date);
  });

  it("takes a redelivery of the same event as harmless", async () => {
    const body = installationBody();
    for (let i = 0; i < 3; i++) expect((await postWebhook(ctx.app, URL, body)).statusCode).toBe(200);
    expect(await allPartners()).toHaveLength(1);
    expect(await deliveries()).toMatchObject([{ deliveryCount: 3 }]);
  });

  it("re-links the partner on a reinstall with a new installation id", async () => {
    await postWebhook(ctx.app, URL, installationBody({ status: "uninstalled" }));
    const [before] = await allPartners();
    const reinstall = installationBody({ install_id: "install-456" });
    const response = await postWebhook(ctx.app, URL, reinstall);
    expect(response.statusCode).toBe(200);
    const rows = await allPartners();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      id: before?.id,
      appRegistryInstallationRefid: "install-456",
      appRegistryInstallation: { status: "installed" },
    });
  });

  it("lists installs and uninstalls of the last day in health usage, by name for METRICS_TOKEN only", async () => {
    await postWebhook(ctx.app, URL, installationBody());
    await postWebhook(ctx.app, URL, installationBody({ install_id: "install-b" }, { id: "b", name: "Bay tours" }));
    await postWebhook(ctx.app, URL, installationBody({ install_id: "install-b", status: "uninstalled" }, { id: "b", name: "Bay tours" }));
    const probe = (headers: Record<string, string> = {}) =>
      ctx.app.inject({ method: "POST", url: "/health", headers, payload: { checkType: "usage" } });
    const anonymous = await probe();
    expect(anonymous.json()).toEqual({
      activePartners: 0,
      installedPartners: 1,
      customMetrics: [{ name: "records_created_24h", value: 0 }],
      notableEvents: [],
    });
    expect(anonymous.body).not.toContain("Bay tours");
    expect((await probe({ authorization: "Bearer not-the-metrics-token" })).json().notableEvents).toEqual([]);
    const usage = (await probe({ authorization: `Bearer ${METRICS_TOKEN}` })).json();
    expect(usage.installedPartners).toBe(1);
    expect(usage.notableEvents).toHaveLength(3);
    expect(usage.notableEvents).toEqual(
      expect.arrayContaining([
        { type: "install", partner: "Demo park", at: expect.any(String) },
        { type: "uninstall", partner: "Bay tours", at: expect.any(String) },
      ]),
    );
    // The same over tRPC (health.usage): counts only without a credential, names with METRICS_TOKEN.
    const overTrpc = async (headers: Record<string, string> = {}) =>
      superjson.deserialize<{ notableEvents: { partner?: string }[] }>(
        (await ctx.app.inject({ url: "/trpc/health.usage", headers })).json().result.data,
      );
    const anonymousTrpc = await overTrpc();
    expect(JSON.stringify(anonymousTrpc)).not.toContain("Bay tours");
    expect(anonymousTrpc.notableEvents).toEqual([]);
    expect((await overTrpc({ authorization: "Bearer not-the-metrics-token" })).notableEvents).toEqual([]);
    expect((await overTrpc({ authorization: `Bearer ${METRICS_TOKEN}` })).notableEvents.map((e) => e.partner)).toContain("Bay tours");
  });
});

describe("installation webhook: refused deliveries change nothing", () => {
  it.each<[string, () => Promise<string | null>]>([
    ["no token", async () => null],
    ["a token signed with another secret", () => peekToken("install-123", { secret: "another-secret-0123456789abcdef0123" })],
    ["an expired token", () => peekToken("install-123", { ttlSeconds: -60 })],
    ["a garbage token", async () => "x.y.z"],
  ])("401 for %s", async (_name, makeToken) => {
    const response = await postWebhook(ctx.app, URL, installationBody(), await makeToken());
    expect(response.statusCode).toBe(401);
    expect(response.json()).toMatchObject({ error: { code: "UNAUTHORIZED" } });
    expect(await allPartners()).toHaveLength(0);
    expect(await deliveries()).toHaveLength(0);
  });

  it("401 comes before the body is read: a bad token with a bad body is still 401", async () => {
    const response = await postWebhook(ctx.app, URL, "{not json", null);
    expect(response.statusCode).toBe(401);
  });

  it("415 for a body that is not JSON, 413 over 1 MiB, 400 for malformed JSON", async () => {
    const token = await peekToken("install-123");
    const form = await ctx.app.inject({
      method: "POST",
      url: URL,
      headers: { "x-peek-auth": `Bearer ${token}`, "content-type": "application/x-www-form-urlencoded" },
      payload: "status=installed",
    });
    expect(form.statusCode).toBe(415);
    const plain = await postWebhook(ctx.app, URL, "hello", token, { "content-type": "text/plain" });
    expect(plain.statusCode).toBe(415);
    const huge = await postWebhook(ctx.app, URL, installationBody({ padding: "x".repeat(1_100_000) }), token);
    expect(huge.statusCode).toBe(413);
    const broken = await postWebhook(ctx.app, URL, "{nope", token);
    expect(broken.statusCode).toBe(400);
    expect(await allPartners()).toHaveLength(0);
    expect(await deliveries()).toHaveLength(0);
  });

  it.each<[string, Record<string, unknown>, string]>([
    ["no account", { account: undefined }, "account"],
    ["a blank account name", { account: { id: "1", name: " ", is_test: false } }, "account.name"],
    ["an unknown platform", { account: { id: "1", name: "A", is_test: false, platform: "mars" } }, "account.platform"],
    ["an invalid timezone", { account: { id: "1", name: "A", is_test: false, timezone: "Mars/Olympus" } }, "account.timezone"],
    ["a non-boolean is_test", { account: { id: "1", name: "A", is_test: "no" } }, "account.is_test"],
    ["no display_version", { display_version: undefined }, "display_version"],
    ["an api url that is not a URL", { api: { url: "javascript:alert(1)" } }, "api.url"],
  ])("400 naming the field for %s", async (_name, overrides, field) => {
    const response = await postWebhook(ctx.app, URL, installationBody(overrides));
    expect(response.statusCode).toBe(400);
    expect(response.json().error.fields).toHaveProperty([field]);
    expect(response.json().error.message).toContain(field);
    expect(await allPartners()).toHaveLength(0);
  });

  it("400 for a NUL character anywhere in the JSON (Postgres text cannot hold it)", async () => {
    const body = JSON.stringify(installationBody({}, { name: "Demo\u0000park" }));
    expect(body).toContain("\\u0000");
    const response = await postWebhook(ctx.app, URL, body);
    expect(response.statusCode).toBe(400);
    expect(response.json().error.message).toContain("NUL");
    expect(await allPartners()).toHaveLength(0);
  });

  it("400 for a lone surrogate escape (half an emoji: jsonb cannot store it), and a whole emoji escaped is fine", async () => {
    const body = JSON.stringify(installationBody({}, { name: "Demo\ud83d park" }));
    expect(body).toContain("\\ud83d park");
    const response = await postWebhook(ctx.app, URL, body);
    expect(response.statusCode).toBe(400);
    expect(response.json().error.message).toContain("well-formed Unicode");
    expect(await allPartners()).toHaveLength(0);

    const escapedPair = JSON.stringify(installationBody({}, { name: "Demo park" })).replace("Demo park", "Demo \\ud83d\\ude00 park");
    expect((await postWebhook(ctx.app, URL, escapedPair)).statusCode).toBe(200);
    expect((await allPartners()).map((p) => p.name)).toEqual(["Demo \u{1F600} park"]);
  });

  it("400 for a JSON body that is not an object", async () => {
    expect((await postWebhook(ctx.app, URL, [1, 2], await peekToken("install-123"))).statusCode).toBe(400);
  });

  it("403 when the token's installation is not the body's", async () => {
    const response = await postWebhook(ctx.app, URL, installationBody(), await peekToken("install-other"));
    expect(response.statusCode).toBe(403);
    expect(await allPartners()).toHaveLength(0);
    expect(await deliveries()).toHaveLength(0);
  });

  it("422 for an unknown status, keeping the delivery as rejected", async () => {
    const response = await postWebhook(ctx.app, URL, installationBody({ status: "paused" }));
    expect(response.statusCode).toBe(422);
    expect(await allPartners()).toHaveLength(0);
    expect(await deliveries()).toMatchObject([{ outcome: "rejected", reason: "unknown status paused", installId: "install-123" }]);
    const stored = await ctx.t.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.outcome, "rejected"));
    expect(stored[0]?.payload).toMatchObject({ status: "paused" });
  });
});
