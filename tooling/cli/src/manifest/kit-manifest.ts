import { BROADCAST_OUTPUT_FORMATS, DEFAULT_MCP_EXTENDABLE_SLUG, EMBED_LANDING_PATH, MCP_PATH, WEBHOOK_KINDS } from "@kit/api";
import { type FlatManifest, type ManifestEntry, type ManifestKey, type ManifestProblem, manifestEntries } from "@kit/peek/manifest";
import { servedRoutes } from "./served-routes";

/** An entry the kit needs in app.json (it serves the route behind it), and where it goes. */
export interface KitEntry {
  key: ManifestKey;
  entry: ManifestEntry;
  /** What the entry is for, to name it in a problem. */
  what: string;
}

/** The settings page Peek opens in its iframe. */
const SETTINGS_ENTRY: KitEntry = {
  key: "global",
  entry: { slug: "app_registry_settings_url@v1", configuration: { url: EMBED_LANDING_PATH, url_mode: "prepend_base_url" } },
  what: "the embedded app's landing",
};

/**
 * The entries app.json must hold for what the app serves: the landing, the MCP endpoint (its slug a setting until Peek
 * pins it), and each webhook kind of `@kit/api`'s registry.
 */
export function kitEntries(options: { mcpSlug?: string } = {}): KitEntry[] {
  return [
    SETTINGS_ENTRY,
    {
      key: "global",
      entry: { slug: options.mcpSlug ?? DEFAULT_MCP_EXTENDABLE_SLUG, configuration: { mcp_url: MCP_PATH } },
      what: "the MCP endpoint",
    },
    ...WEBHOOK_KINDS.map((kind) => ({
      key: kind.extendable.placement,
      entry: { slug: kind.extendable.slug, configuration: kind.extendable.configuration },
      what: `the ${kind.kind} webhook`,
    })),
  ];
}

/** The path an entry sends Peek to, when it has one (`url`, or `mcp_url`). */
const pathOf = (entry: ManifestEntry): string | null => {
  const target = entry.configuration.url ?? entry.configuration.mcp_url;
  if (typeof target !== "string" || target === "__dynamic__" || /^https?:\/\//.test(target)) return null;
  return URL.canParse(target, "http://app.invalid") ? new URL(target, "http://app.invalid").pathname : null;
};

const sameEntry = (a: ManifestEntry, b: ManifestEntry) => a.slug === b.slug && pathOf(a) === pathOf(b);

/** Configuration keys whose value the kit decides (its route's events, format and query); any others are the app's. */
const OWNED_KEYS = ["url", "url_mode", "events", "output_format", "output_fields_gql_query", "mcp_url"];

const stable = (value: unknown) => JSON.stringify(Array.isArray(value) ? [...value].map(String).sort() : value);

/**
 * What is wrong with app.json for this app: a kit entry missing or configured otherwise than the route expects, a
 * broadcast naming an event or output format no webhook kind handles, a URL no route serves. Each problem names the JSON
 * path and the fix.
 */
export function checkKitManifest(manifest: FlatManifest, options: { mcpSlug?: string } = {}): ManifestProblem[] {
  const problems: ManifestProblem[] = [];
  const entries = manifestEntries(manifest);
  for (const expected of kitEntries(options)) {
    const found = entries.find((e) => e.key === expected.key && sameEntry(e.entry, expected.entry));
    if (!found) {
      problems.push({
        path: expected.key,
        message: `${expected.what} needs ${JSON.stringify(expected.entry)} under "${expected.key}" (kit manifest check --write adds it)`,
      });
      continue;
    }
    for (const key of OWNED_KEYS) {
      const want = expected.entry.configuration[key];
      if (want === undefined) continue;
      if (stable(found.entry.configuration[key]) !== stable(want)) {
        problems.push({
          path: `${found.key}.${found.index}.configuration.${key}`,
          message: `${expected.what} expects ${JSON.stringify(want).slice(0, 120)} (kit manifest check --write sets it)`,
        });
      }
    }
  }
  const events = new Set(WEBHOOK_KINDS.flatMap((kind) => kind.events));
  const { hasRoute } = servedRoutes();
  for (const { key, index, entry } of entries) {
    const at = `${key}.${index}`;
    if (entry.slug === "broadcast_to_url@v1") {
      const listed = Array.isArray(entry.configuration.events) ? entry.configuration.events.map(String) : [];
      if (listed.length === 0) problems.push({ path: `${at}.configuration.events`, message: "must name at least one event" });
      for (const [i, event] of listed.entries()) {
        if (!events.has(event)) {
          problems.push({
            path: `${at}.configuration.events.${i}`,
            message: `no webhook kind handles ${event} (known: ${[...events].join(", ")}; kit gen webhook adds one)`,
          });
        }
      }
      const format = entry.configuration.output_format;
      if (format !== undefined && !(BROADCAST_OUTPUT_FORMATS as readonly unknown[]).includes(format)) {
        problems.push({ path: `${at}.configuration.output_format`, message: `must be one of ${BROADCAST_OUTPUT_FORMATS.join(", ")}` });
      }
    }
    const path = pathOf(entry);
    if (path && !hasRoute("POST", path)) {
      const key = entry.configuration.url === undefined ? "mcp_url" : "url";
      problems.push({ path: `${at}.configuration.${key}`, message: `${entry.slug}: POST ${path} is not a route the server serves` });
    }
  }
  return problems;
}

/** The manifest with every kit entry present and configured as the routes expect; the app's own entries kept. */
export function withKitEntries(manifest: FlatManifest, options: { mcpSlug?: string } = {}): FlatManifest {
  const next: FlatManifest = structuredClone(manifest);
  for (const expected of kitEntries(options)) {
    const list = next[expected.key] ?? [];
    const index = list.findIndex((entry) => sameEntry(entry, expected.entry));
    if (index === -1) list.push(structuredClone(expected.entry));
    else
      list[index] = {
        slug: expected.entry.slug,
        configuration: { ...list[index]?.configuration, ...structuredClone(expected.entry.configuration) },
      };
    next[expected.key] = list;
  }
  return next;
}
