import { readFileSync } from "node:fs";

/** What the emulator needs from `app.json`: where Peek would send the iframe, the webhooks and the booking broadcasts. */
export interface AppRoutes {
  settingsPath: string;
  webhookPath: string;
  broadcastPath: string | null;
  broadcastEvents: string[];
  displayVersion: string;
  appName: string;
}

interface Extendable {
  slug?: unknown;
  configuration?: { url?: unknown; events?: unknown };
}

/** Reads the routes from the manifest every time, so a developer who edits `app.json` sees it honoured at once. */
export function readAppRoutes(manifestFile: string): AppRoutes {
  const manifest = JSON.parse(readFileSync(manifestFile, "utf8")) as {
    data?: { app?: { name?: string; app_version?: { display_version?: string; extendables?: Extendable[] } } };
  };
  const app = manifest.data?.app;
  const extendables = app?.app_version?.extendables ?? [];
  const urlOf = (slug: string) => {
    const url = extendables.find((e) => e.slug === slug)?.configuration?.url;
    return typeof url === "string" ? url : null;
  };
  const settingsPath = urlOf("app_registry_settings_url@v1");
  const webhookPath = urlOf("app_registry_webhook@v1");
  if (!settingsPath || !webhookPath) {
    throw new Error(`${manifestFile} must declare app_registry_settings_url@v1 and app_registry_webhook@v1 with a url`);
  }
  const broadcast = extendables.find((e) => e.slug === "broadcast_to_url@v1")?.configuration;
  return {
    settingsPath,
    webhookPath,
    broadcastPath: urlOf("broadcast_to_url@v1"),
    broadcastEvents: Array.isArray(broadcast?.events) ? broadcast.events.map(String) : [],
    displayVersion: app?.app_version?.display_version ?? "0.0.1",
    appName: app?.name ?? "app",
  };
}

/** An extendable URL against the app's base: absolute URLs are kept, paths go to the app's origin. */
export const resolveAppUrl = (appUrl: string, path: string) => new URL(path, appUrl).toString();
