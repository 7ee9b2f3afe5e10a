import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createTestDb, type TestDatabase } from "@kit/db/testing";
import { afterAll, beforeAll, expect, it } from "vitest";
import { buildTestApp } from "./test-app";

const root = fileURLToPath(new URL("../../../..", import.meta.url));
const manifest = JSON.parse(readFileSync(join(root, "app.json"), "utf8"));
const extendables: { slug: string; configuration: Record<string, unknown> }[] = manifest.data.app.app_version.extendables;

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(() => t.close());

it("points the webhook extendables at routes this server has", async () => {
  const app = await buildTestApp(t);
  // The settings URL (app_registry_settings_url@v1) is served by the embedded app.
  const webhooks = extendables.filter((e) => e.slug === "app_registry_webhook@v1" || e.slug === "broadcast_to_url@v1");
  expect(webhooks).toHaveLength(2);
  for (const { configuration } of webhooks) {
    const response = await app.inject({ method: "POST", url: String(configuration.url), payload: {} });
    expect(response.statusCode, String(configuration.url)).not.toBe(404);
  }
  await app.close();
});

it("registers the SDK's canonical booking selection, so what Peek sends is what the parser reads", () => {
  const sdkDir = dirname(createRequire(import.meta.url).resolve("@peektravel/app-utilities/package.json"));
  const doc = readFileSync(join(sdkDir, "docs/webhooks.md"), "utf8");
  const canonical = /```\n(\{ displayId id [^\n]*)\n```/.exec(doc)?.[1];
  const broadcast = extendables.find((e) => e.slug === "broadcast_to_url@v1");
  expect(canonical).toBeTruthy();
  expect(broadcast?.configuration).toMatchObject({ output_format: "gql", output_fields_gql_query: canonical });
});
