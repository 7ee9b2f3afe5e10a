import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { BOOKING_WEBHOOK_GQL_QUERY, peekCalledRoutes } from "@kit/api";
import { createTestDb, type TestDatabase } from "@kit/db/testing";
import { manifestEntries, readManifest } from "@kit/peek/manifest";
import { afterAll, beforeAll, expect, it } from "vitest";
import { buildTestApp } from "./test-app";

const root = fileURLToPath(new URL("../../../..", import.meta.url));

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(() => t.close());

it("serves every route Peek calls (the table app.json is checked against)", async () => {
  const app = await buildTestApp(t);
  await app.ready();
  for (const route of peekCalledRoutes()) expect(app.hasRoute({ method: route.method, url: route.path }), route.path).toBe(true);
  await app.close();
});

it("registers the SDK's canonical booking selection, so what Peek sends is what the parser reads", () => {
  const sdkDir = dirname(createRequire(import.meta.url).resolve("@peektravel/app-utilities/package.json"));
  const doc = readFileSync(join(sdkDir, "docs/webhooks.md"), "utf8");
  const canonical = /```\n(\{ displayId id [^\n]*)\n```/.exec(doc)?.[1];
  expect(canonical).toBe(BOOKING_WEBHOOK_GQL_QUERY);
  const read = readManifest(JSON.parse(readFileSync(join(root, "app.json"), "utf8")));
  if (!read.ok) throw new Error("app.json does not read");
  expect(read.format).toBe("flat");
  const booking = manifestEntries(read.manifest).find((e) => e.entry.configuration.url === "/peek-pro/api/on-booking-change");
  expect(booking?.entry.configuration).toMatchObject({ output_format: "gql", output_fields_gql_query: canonical });
});
