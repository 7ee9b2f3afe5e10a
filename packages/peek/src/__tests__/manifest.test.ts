import { describe, expect, it } from "vitest";
import { readManifest, serializeManifest } from "../manifest";
import { ELIXIR_MANIFEST, NEXTJS_ENVELOPE, NEXTJS_KIT_APP_JSON } from "../testing";

describe("the current, flat format", () => {
  it("reads Peek's example manifest as it is", () => {
    const example = {
      global: [{ slug: "app_registry_settings_url@v1", configuration: { url: "/examples/peek-pro/main", url_mode: "prepend_base_url" } }],
      peek: [{ slug: "peek_backoffice_api@v1", configuration: {} }],
      acme: null,
      cng: null,
    };
    expect(readManifest(example)).toEqual({ ok: true, format: "flat", manifest: example, legacyAppId: null, legacyBaseUrl: null });
    expect(readManifest({ global: [] })).toMatchObject({ ok: true, manifest: { global: [] } });
  });

  it.each<[string, unknown, RegExp]>([
    [
      "an unknown top-level key",
      { global: [], base_url: "https://x" },
      /^\(root\): unknown key\(s\) base_url: a manifest holds only global, peek, acme and cng/,
    ],
    ["global set to null", { global: null }, /^global: must be a list of extendables/],
    ["a platform that is not a list", { global: [], peek: {} }, /^peek: must be null or a list of extendables/],
    ["an entry without configuration", { global: [{ slug: "x@v1" }] }, /^global\.0\.configuration: needs an object "configuration"/],
    ["an entry without slug", { global: [{ configuration: {} }] }, /^global\.0\.slug: needs a "slug"/],
    ["an array", [], /^\(root\): must be a JSON object such as/],
  ])("refuses %s, naming the JSON path and the fix", (_name, json, message) => {
    const read = readManifest(json);
    expect(read.ok).toBe(false);
    if (!read.ok) expect(read.problems.map((p) => `${p.path}: ${p.message}`).join("\n")).toMatch(message);
  });
});

describe("older envelopes, converted as Peek's CLI reads them", () => {
  it("splits the Elixir kit's single list: the App Registry's extendables to global, the broadcast to peek", () => {
    const read = readManifest(ELIXIR_MANIFEST);
    expect(read).toMatchObject({
      ok: true,
      format: "extendables-envelope",
      legacyAppId: "phoenix-starter-kit",
      legacyBaseUrl: "https://phoenix_starter_kit.peeklabs.com",
    });
    if (!read.ok) return;
    expect(read.manifest.global.map((e) => e.slug)).toEqual(["app_registry_settings_url@v1", "app_registry_webhook@v1"]);
    expect(read.manifest.peek?.map((e) => e.slug)).toEqual(["broadcast_to_url@v1"]);
    expect([read.manifest.acme, read.manifest.cng]).toEqual([null, null]);
  });

  it("reads Peek's Next.js envelope: registry extendables to global (sorted), a platform not named becomes null", () => {
    const read = readManifest(NEXTJS_ENVELOPE);
    expect(read).toMatchObject({
      ok: true,
      format: "registry-envelope",
      legacyAppId: "my-app",
      legacyBaseUrl: "https://my-app.example.com",
    });
    if (!read.ok) return;
    expect(read.manifest).toEqual({
      global: [
        { slug: "app_registry_settings_url@v1", configuration: { url: "/examples/peek-pro/main", url_mode: "prepend_base_url" } },
        { slug: "app_registry_webhook@v1", configuration: { url: "/examples/webhooks/install-status" } },
      ],
      peek: [{ slug: "peek_backoffice_api@v1", configuration: {} }],
      acme: null,
      cng: null,
    });
  });

  it("round-trips: a converted manifest, written and read again, is the same current-format manifest", () => {
    for (const older of [ELIXIR_MANIFEST, NEXTJS_ENVELOPE, NEXTJS_KIT_APP_JSON]) {
      const first = readManifest(older);
      if (!first.ok) throw new Error("did not read");
      const again = readManifest(JSON.parse(serializeManifest(first.manifest)));
      expect(again).toEqual({ ok: true, format: "flat", manifest: first.manifest, legacyAppId: null, legacyBaseUrl: null });
    }
  });

  it("says an envelope it cannot read is an older format", () => {
    const read = readManifest({ data: { app: { app_version: "nope" } } });
    expect(read.ok).toBe(false);
    if (!read.ok) expect(read.problems[0]?.message).toMatch(/older manifest envelope/);
  });
});

describe("Peek's Next.js kit's app.json, as it ships", () => {
  it("reads as the registry envelope: the settings URL to global, the back-office API to peek, the listing left behind", () => {
    expect(readManifest(NEXTJS_KIT_APP_JSON)).toEqual({
      ok: true,
      format: "registry-envelope",
      manifest: {
        global: [{ slug: "app_registry_settings_url@v1", configuration: { url: "/peek-pro/main", url_mode: "prepend_base_url" } }],
        peek: [{ slug: "peek_backoffice_api@v1", configuration: {} }],
        acme: null,
        cng: null,
      },
      legacyAppId: "{{APP_SLUG}}",
      legacyBaseUrl: "https://example.com",
    });
  });
});

describe("what an older file gets wrong", () => {
  const elixir = (extendables: unknown[]) => ({ data: { app: { id: "my-app", app_version: { extendables } } } });
  const nextjs = (registry: unknown[], peek: unknown) => ({
    data: { app: { app_version: { registry_extendables: registry, platform_extendables: { peek }, platforms: ["peek"] } } },
  });

  it.each<[string, unknown, RegExp]>([
    [
      "an Elixir entry that is not an object",
      elixir([{ slug: "a@v1", configuration: {} }, null]),
      /^data\.app\.app_version\.extendables\.1: /,
    ],
    ["an Elixir entry whose slug is not text", elixir([{ slug: 5, configuration: {} }]), /^data\.app\.app_version\.extendables\.0\.slug: /],
    [
      "a Next.js entry whose configuration is not an object",
      nextjs([{ slug: "a@v1", configuration: "url" }], []),
      /^data\.app\.app_version\.registry_extendables\.0\.configuration: /,
    ],
    [
      "a Next.js platform list that is not a list",
      nextjs([], { slug: "x" }),
      /^data\.app\.app_version\.platform_extendables\.peek: must be a list/,
    ],
  ])("refuses %s at its path (never an emptier list)", (_name, json, message) => {
    const read = readManifest(json);
    expect(read.ok).toBe(false);
    if (!read.ok) expect(read.problems.map((p) => `${p.path}: ${p.message}`).join("\n")).toMatch(message);
  });

  it("leaves out an entry without a slug, as Peek's CLI does, and keeps the others", () => {
    const read = readManifest(elixir([{ configuration: {} }, { slug: "app_registry_settings_url@v1", configuration: { url: "/" } }]));
    expect(read).toMatchObject({ ok: true, manifest: { global: [{ slug: "app_registry_settings_url@v1" }], peek: [] } });
  });

  it("renames the flat manifest's old registry key to global, as Peek's CLI 1.1.1 reads it; both keys is a problem", () => {
    const entry = { slug: "app_registry_settings_url@v1", configuration: { url: "/" } };
    expect(readManifest({ registry: [entry], peek: [] })).toEqual({
      ok: true,
      format: "flat-registry-key",
      manifest: { global: [entry], peek: [] },
      legacyAppId: null,
      legacyBaseUrl: null,
    });
    const both = readManifest({ registry: [entry], global: [] });
    expect(both.ok).toBe(false);
    if (!both.ok) expect(both.problems[0]?.message).toMatch(/merge the two lists under "global"/);
  });
});

describe("the kit's own manifest", () => {
  it("round-trips byte for byte: read, written and read again", async () => {
    const { readFileSync } = await import("node:fs");
    const text = readFileSync(new URL("../../../../app.json", import.meta.url), "utf8");
    const read = readManifest(JSON.parse(text));
    expect(read).toMatchObject({ ok: true, format: "flat" });
    if (read.ok) expect(serializeManifest(read.manifest)).toBe(text);
  });
});
