import { z } from "zod";
import { type FlatManifest, flatManifestSchema, MANIFEST_PLATFORMS, type ManifestEntry } from "./model";

/** A problem with a manifest, at a JSON path, with what to do about it. */
export interface ManifestProblem {
  path: string;
  message: string;
}

/** Which of the three formats a file was written in. */
export type ManifestFormat =
  /** The current flat manifest (`global` and one key per platform). */
  | "flat"
  /** Peek's Next.js kit before: `{ data: { app: { id, app_version: { registry_extendables, platform_extendables } } } }`. */
  | "registry-envelope"
  /** The Elixir kit's: `{ data: { app: { id, name, app_version: { extendables: [...] } } } }`. */
  | "extendables-envelope";

export type ReadManifest =
  | {
      ok: true;
      format: ManifestFormat;
      manifest: FlatManifest;
      /** The app's registry slug, when an older envelope named it (it belongs in `.peek-kit.json` now). */
      legacyAppId: string | null;
      /** The envelope's `base_url`, dropped: it is set per environment (`kit use-url`). */
      legacyBaseUrl: string | null;
    }
  | { ok: false; format: ManifestFormat | null; problems: ManifestProblem[] };

const pathOf = (path: readonly PropertyKey[]) => (path.length === 0 ? "(root)" : path.map(String).join("."));
const problemsOf = (error: z.ZodError, prefix: readonly PropertyKey[] = []): ManifestProblem[] =>
  error.issues.map((issue) => ({
    path: pathOf([...prefix, ...issue.path]),
    message:
      issue.code === "unrecognized_keys"
        ? `unknown key(s) ${issue.keys.join(", ")}: a manifest holds only global, peek, acme and cng (the registry refuses others)`
        : issue.message,
  }));

const looseEntry = z.object({ slug: z.string().optional(), extendable_slug: z.string().optional(), configuration: z.unknown().optional() });

/** Peek's CLI reads an envelope's entries: `slug` (or `extendable_slug`), `configuration` ({} when absent), sorted by slug. */
function entriesOf(list: unknown): ManifestEntry[] {
  const parsed = z.array(looseEntry).safeParse(list ?? []);
  if (!parsed.success) return [];
  return parsed.data
    .map((e) => ({
      slug: e.slug ?? e.extendable_slug ?? "",
      configuration:
        e.configuration && typeof e.configuration === "object" && !Array.isArray(e.configuration)
          ? (e.configuration as Record<string, unknown>)
          : {},
    }))
    .filter((e) => e.slug !== "")
    .sort((a, b) => a.slug.localeCompare(b.slug));
}

const registryEnvelope = z.object({
  data: z.object({
    app: z.object({
      id: z.string().optional(),
      app_version: z.object({
        registry_extendables: z.array(z.unknown()).optional(),
        platform_extendables: z.record(z.string(), z.unknown()).optional(),
        platforms: z.array(z.string()).optional(),
        base_url: z.string().nullish(),
      }),
    }),
  }),
});

const extendablesEnvelope = z.object({
  data: z.object({
    app: z.object({
      id: z.string().optional(),
      app_version: z.object({ extendables: z.array(z.unknown()), base_url: z.string().nullish() }),
    }),
  }),
});

/** The App Registry's own extendables: in the Elixir kit's single list, these are `global`; the rest belong to Peek. */
const REGISTRY_SLUG = /^app_registry_/;

/**
 * Reads a manifest in any of the three formats and converts an older one to the current format the way Peek's CLI
 * does on read: the Next.js envelope's registry extendables become `global` and its platform extendables their
 * platform's list (a platform the version does not name becomes `null`); the Elixir kit's single list is split —
 * App Registry extendables to `global`, the rest (its booking broadcast) to `peek`, the only platform it served.
 */
export function readManifest(json: unknown): ReadManifest {
  if (json && typeof json === "object" && !Array.isArray(json) && "data" in json) {
    const asExtendables = extendablesEnvelope.safeParse(json);
    if (asExtendables.success) {
      const { app } = asExtendables.data.data;
      const all = entriesOf(app.app_version.extendables);
      return {
        ok: true,
        format: "extendables-envelope",
        manifest: {
          global: all.filter((e) => REGISTRY_SLUG.test(e.slug)),
          peek: all.filter((e) => !REGISTRY_SLUG.test(e.slug)),
          acme: null,
          cng: null,
        },
        legacyAppId: app.id ?? null,
        legacyBaseUrl: app.app_version.base_url ?? null,
      };
    }
    const asRegistry = registryEnvelope.safeParse(json);
    if (asRegistry.success) {
      const { app } = asRegistry.data.data;
      const version = app.app_version;
      const manifest: FlatManifest = { global: entriesOf(version.registry_extendables) };
      for (const platform of MANIFEST_PLATFORMS) {
        manifest[platform] = version.platforms?.includes(platform) ? entriesOf(version.platform_extendables?.[platform]) : null;
      }
      return { ok: true, format: "registry-envelope", manifest, legacyAppId: app.id ?? null, legacyBaseUrl: version.base_url ?? null };
    }
    return {
      ok: false,
      format: null,
      problems: problemsOf(asRegistry.error).map((p) => ({
        ...p,
        message: `${p.message} (an older manifest envelope: run kit manifest migrate once it reads, or rewrite it in the current format)`,
      })),
    };
  }
  const flat = flatManifestSchema.safeParse(json);
  if (!flat.success) return { ok: false, format: "flat", problems: problemsOf(flat.error) };
  return { ok: true, format: "flat", manifest: flat.data as FlatManifest, legacyAppId: null, legacyBaseUrl: null };
}
