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
  | "extendables-envelope"
  /** The flat manifest with its first name for `global`, `registry` (Peek's CLI renames it on read). */
  | "flat-registry-key";

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

const looseEntry = z
  .object({
    slug: z.string().optional(),
    extendable_slug: z.string().optional(),
    configuration: z.record(z.string(), z.unknown()).nullish(),
  })
  .loose();

/**
 * An envelope's entries as Peek's CLI reads them: `slug` (or `extendable_slug`), `configuration` ({} when absent),
 * sorted by slug, entries without a slug left out. An entry that is not an extendable at all (not an object, a slug
 * that is not text, a configuration that is not an object) is a problem at its path, never a silently emptier list.
 */
function entriesOf(list: unknown, path: readonly PropertyKey[], problems: ManifestProblem[]): ManifestEntry[] {
  if (list === undefined || list === null) return [];
  if (!Array.isArray(list)) {
    problems.push({ path: pathOf(path), message: "must be a list of extendables ({ slug, configuration })" });
    return [];
  }
  const entries: ManifestEntry[] = [];
  for (const [index, item] of list.entries()) {
    const parsed = looseEntry.safeParse(item);
    if (!parsed.success) {
      problems.push(
        ...problemsOf(parsed.error, [...path, index]).map((p) => ({
          ...p,
          message: `${p.message}: an extendable is { "slug": "<text>", "configuration": { … } }; fix this entry or remove it`,
        })),
      );
      continue;
    }
    const slug = parsed.data.slug ?? parsed.data.extendable_slug ?? "";
    if (slug !== "") entries.push({ slug, configuration: parsed.data.configuration ?? {} });
  }
  return entries.sort((a, b) => a.slug.localeCompare(b.slug));
}

/** The flat manifest's first name for `global`; Peek's CLI 1.1.1 still reads it and renames it. */
export const LEGACY_GLOBAL_KEY = "registry";

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
      const problems: ManifestProblem[] = [];
      const all = entriesOf(app.app_version.extendables, ["data", "app", "app_version", "extendables"], problems);
      if (problems.length > 0) return { ok: false, format: "extendables-envelope", problems };
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
      const at = ["data", "app", "app_version"];
      const problems: ManifestProblem[] = [];
      const manifest: FlatManifest = { global: entriesOf(version.registry_extendables, [...at, "registry_extendables"], problems) };
      for (const platform of MANIFEST_PLATFORMS) {
        manifest[platform] = version.platforms?.includes(platform)
          ? entriesOf(version.platform_extendables?.[platform], [...at, "platform_extendables", platform], problems)
          : null;
      }
      if (problems.length > 0) return { ok: false, format: "registry-envelope", problems };
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
  const renamed = renameLegacyGlobalKey(json);
  if (!renamed.ok) return { ok: false, format: "flat-registry-key", problems: [renamed.problem] };
  const format = renamed.renamed ? "flat-registry-key" : "flat";
  const flat = flatManifestSchema.safeParse(renamed.json);
  if (!flat.success) return { ok: false, format, problems: problemsOf(flat.error) };
  return { ok: true, format, manifest: flat.data as FlatManifest, legacyAppId: null, legacyBaseUrl: null };
}

/** `registry` → `global`, as Peek's CLI does on read; both at once is a problem (merge the lists under `global`). */
function renameLegacyGlobalKey(json: unknown): { ok: true; json: unknown; renamed: boolean } | { ok: false; problem: ManifestProblem } {
  if (!json || typeof json !== "object" || Array.isArray(json) || !Object.hasOwn(json, LEGACY_GLOBAL_KEY)) {
    return { ok: true, json, renamed: false };
  }
  if (Object.hasOwn(json, "global")) {
    return {
      ok: false,
      problem: {
        path: LEGACY_GLOBAL_KEY,
        message: `both "global" and the old "${LEGACY_GLOBAL_KEY}" key: "${LEGACY_GLOBAL_KEY}" was renamed to "global"; merge the two lists under "global" and delete "${LEGACY_GLOBAL_KEY}"`,
      },
    };
  }
  return {
    ok: true,
    json: Object.fromEntries(Object.entries(json).map(([key, value]) => [key === LEGACY_GLOBAL_KEY ? "global" : key, value])),
    renamed: true,
  };
}
