import { z } from "zod";

/**
 * Peek's app manifest (`app.json`) as its CLI (`@peektravel/app-cli` 1.1.1) reads and writes it: a flat object of
 * extendables keyed by who consumes them — `global` (the App Registry) and one key per platform. A missing platform
 * key leaves that platform as it is, `null` takes the app off it, `[]` puts it on with nothing. No app slug (it lives in
 * `.peek-kit.json`), no `base_url` (set per environment), no listing copy (the registry's portal); unknown keys are
 * refused (the registry answers them 400).
 */
export const MANIFEST_PLATFORMS = ["peek", "acme", "cng"] as const;
export type ManifestPlatform = (typeof MANIFEST_PLATFORMS)[number];
export const MANIFEST_KEYS = ["global", ...MANIFEST_PLATFORMS] as const;
export type ManifestKey = (typeof MANIFEST_KEYS)[number];

export interface ManifestEntry {
  slug: string;
  configuration: Record<string, unknown>;
}

export type FlatManifest = { global: ManifestEntry[] } & { [P in ManifestPlatform]?: ManifestEntry[] | null };

const entry = z
  .object(
    {
      slug: z.string({ error: 'needs a "slug" (a string such as app_registry_settings_url@v1)' }).trim().min(1, "needs a slug"),
      configuration: z.record(z.string(), z.unknown(), { error: 'needs an object "configuration" ({} when it has none)' }),
    },
    { error: 'must be an extendable: { "slug": "…", "configuration": { … } }' },
  )
  .strict();

const platformList = z.array(entry, { error: "must be null or a list of extendables" }).nullable().optional();

/** The current format, as a zod schema: the shape only (each slug's configuration is checked by the kit's check). */
export const flatManifestSchema = z
  .object(
    {
      global: z.array(entry, { error: "must be a list of extendables (global is never null: use [] for none)" }),
      peek: platformList,
      acme: platformList,
      cng: platformList,
    },
    { error: 'must be a JSON object such as { "global": [ … ], "peek": [ … ], "acme": null, "cng": null }' },
  )
  .strict();

/** The platforms the app is on: the keys that hold a list. */
export const manifestPlatforms = (manifest: FlatManifest): ManifestPlatform[] =>
  MANIFEST_PLATFORMS.filter((platform) => Array.isArray(manifest[platform]));

/** Every entry with the key it is under. */
export function manifestEntries(manifest: FlatManifest): { key: ManifestKey; index: number; entry: ManifestEntry }[] {
  return MANIFEST_KEYS.flatMap((key) => (manifest[key] ?? []).map((entry, index) => ({ key, index, entry })));
}

/** The JSON Peek's CLI writes: two-space indents and a final newline. */
export const serializeManifest = (manifest: FlatManifest): string => `${JSON.stringify(manifest, null, 2)}\n`;
