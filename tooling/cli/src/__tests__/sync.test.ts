import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type ReceivedRequest, startLoopbackServer } from "@kit/peek/testing";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { kitRunner } from "../testing";

/** `kit sync` against a loopback App Registry that answers what each test sets. */
let answers: { status: number; body: unknown }[] = [];
let registry: Awaited<ReturnType<typeof startLoopbackServer>>;
const runner = kitRunner();
const dir = mkdtempSync(join(tmpdir(), "kit-sync-"));
const file = join(dir, "app.json");
const manifest = { data: { app: { id: "my-peek-app", name: "My app", app_version: { display_version: "1.0.0", extendables: [] } } } };

beforeAll(async () => {
  registry = await startLoopbackServer(() => answers.shift() ?? { status: 500, body: { message: "no answer set" } });
  Object.assign(runner.env, {
    PEEK_APP_REGISTRY_URL: `${registry.url}/publisher-api/`,
    PEEK_APP_REGISTRY_AUTH_TOKEN: "registry-token-123",
  });
});
beforeEach(() => {
  registry.received.length = 0;
  writeFileSync(file, JSON.stringify(manifest));
});
afterAll(async () => {
  await registry.close();
  runner.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

const sync = (...args: string[]) => runner.kit("sync", "--file", file, "--yes", ...args);
const only = (): ReceivedRequest => {
  expect(registry.received).toHaveLength(1);
  return registry.received[0] as ReceivedRequest;
};

describe("kit sync", () => {
  it("upserts the manifest with the bearer token, prints the shared secret once and never writes it to the file", async () => {
    answers = [{ status: 200, body: { data: { action: "created", app: { ...manifest.data.app, shared_secret_key: "s3cr3t-shared" } } } }];
    const result = await sync();
    expect(result.code).toBe(0);
    const request = only();
    expect(request).toMatchObject({ method: "POST", url: "/publisher-api/apps/upsert?auto-publish=true" });
    expect(request.headers.authorization).toBe("Bearer registry-token-123");
    expect(JSON.parse(request.body)).toEqual(manifest);
    expect(result.out.join("\n")).toContain("registry: created");
    expect(result.out.join("\n")).toContain("s3cr3t-shared");
    const written = readFileSync(file, "utf8");
    expect(written).not.toContain("s3cr3t-shared");
    expect(JSON.parse(written).data).toEqual({ app: manifest.data.app });
  });

  it("--no-publish and --allow-prod retry after the production guard", async () => {
    const guard = { status: 403, body: { errors: [{ detail: "Auto-publish is not allowed in production without allow-prod=true" }] } };
    answers = [guard, { status: 200, body: { data: { action: "updated", app: manifest.data.app } } }];
    expect((await sync("--allow-prod")).code).toBe(0);
    expect(registry.received.map((r) => r.url)).toEqual([
      "/publisher-api/apps/upsert?auto-publish=true",
      "/publisher-api/apps/upsert?auto-publish=true&allow-prod=true",
    ]);
    registry.received.length = 0;
    answers = [guard];
    const refused = await sync();
    expect(refused.code).toBe(1);
    expect(refused.err.join()).toMatch(/refuses to auto-publish in production: pass --allow-prod/);
    answers = [{ status: 200, body: { data: { action: "updated", app: manifest.data.app } } }];
    await sync("--no-publish");
    expect(registry.received.at(-1)?.url).toBe("/publisher-api/apps/upsert?auto-publish=false");
  });

  it.each([
    [{ status: 401, body: { errors: [{ detail: "bad token" }] } }, /refused the token \(401\): check PEEK_APP_REGISTRY_AUTH_TOKEN/],
    [
      { status: 422, body: { errors: [{ detail: "display_version is invalid", source: { pointer: "/data/app/app_version" } }] } },
      /rejected the manifest \(422\): display_version is invalid \(\/data\/app\/app_version\)/,
    ],
    [{ status: 500, body: "upstream exploded" }, /answered 500: upstream exploded/],
  ])("explains a %o", async (answer, message) => {
    answers = [answer];
    const result = await sync();
    expect(result.code).toBe(1);
    expect(result.err.join()).toMatch(message);
    expect(JSON.parse(readFileSync(file, "utf8"))).toEqual(manifest);
  });

  it("explains missing configuration and an unreachable registry", async () => {
    const bare = kitRunner();
    const missing = await bare.kit("sync", "--file", file, "--yes");
    expect(missing.err.join()).toMatch(/PEEK_APP_REGISTRY_URL and PEEK_APP_REGISTRY_AUTH_TOKEN must be set/);
    Object.assign(bare.env, { PEEK_APP_REGISTRY_URL: "http://127.0.0.1:9", PEEK_APP_REGISTRY_AUTH_TOKEN: "t" });
    const down = await bare.kit("sync", "--file", file, "--yes");
    expect(down.code).toBe(1);
    expect(down.err.join()).toMatch(/cannot reach the App Registry at http:\/\/127\.0\.0\.1:9/);
    bare.cleanup();
  });

  it("--pull writes the registry's copy", async () => {
    const exported = { data: { app: { ...manifest.data.app, name: "Renamed in the registry" } } };
    answers = [{ status: 200, body: exported }];
    expect((await sync("--pull")).code).toBe(0);
    expect(only()).toMatchObject({ method: "GET", url: "/publisher-api/apps/my-peek-app/export" });
    expect(JSON.parse(readFileSync(file, "utf8"))).toEqual(exported);
  });

  it("asks for confirmation when not interactive", async () => {
    const result = await runner.kit("sync", "--file", file);
    expect(result.code).toBe(1);
    expect(result.err.join()).toMatch(/Pass --yes/);
    expect(registry.received).toHaveLength(0);
  });
});
