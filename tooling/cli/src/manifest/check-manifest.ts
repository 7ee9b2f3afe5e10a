import { readFileSync } from "node:fs";
import { type AppManifest, appManifestSchema } from "./app-schema";

export interface ManifestProblem {
  path: string;
  message: string;
}

/** Which routes the app must serve for the manifest: Peek POSTs to each of these. */
export const ROUTED_SLUGS = new Set([
  "app_registry_main_url@v1",
  "app_registry_settings_url@v1",
  "app_registry_webhook@v1",
  "broadcast_to_url@v1",
  "webhook_on_booking_canceled@v1",
  "webhook_on_booking_created@v1",
  "webhook_on_booking_updated@v1",
]);

/** Parses `app.json`: the manifest, or every problem with its JSON path. */
export function readManifest(file: string): { ok: true; manifest: AppManifest } | { ok: false; problems: ManifestProblem[] } {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    return { ok: false, problems: [{ path: file, message: error instanceof Error ? error.message : String(error) }] };
  }
  const parsed = appManifestSchema.safeParse(json);
  if (parsed.success) return { ok: true, manifest: parsed.data };
  return { ok: false, problems: parsed.error.issues.map((issue) => ({ path: issue.path.join(".") || "(root)", message: issue.message })) };
}

/**
 * Every extendable URL must be a route the app serves: `hasRoute(method, path)` answers for the built app. Absolute
 * URLs on another origin than `base_url` and `__dynamic__` broadcasts are not ours to check.
 */
export function unservedRoutes(manifest: AppManifest, hasRoute: (method: "POST", path: string) => boolean): ManifestProblem[] {
  const version = manifest.data.app.app_version;
  const base = version.base_url ? new URL(version.base_url) : null;
  const problems: ManifestProblem[] = [];
  version.extendables.forEach((extendable, index) => {
    if (!ROUTED_SLUGS.has(extendable.slug)) return;
    const target = (extendable.configuration as { url?: string }).url;
    if (!target || target === "__dynamic__") return;
    let path: string;
    try {
      const parsed = new URL(target, base ?? "http://app.invalid");
      if (/^https?:\/\//.test(target) && base && parsed.origin !== base.origin) return;
      path = parsed.pathname;
    } catch {
      problems.push({ path: `data.app.app_version.extendables.${index}.configuration.url`, message: `${target} is not a URL` });
      return;
    }
    if (!hasRoute("POST", path)) {
      problems.push({
        path: `data.app.app_version.extendables.${index}.configuration.url`,
        message: `${extendable.slug}: POST ${path} is not a route the server serves`,
      });
    }
  });
  return problems;
}
