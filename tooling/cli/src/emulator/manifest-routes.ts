import { readFileSync } from "node:fs";
import { manifestEntries, readManifest } from "@kit/peek/manifest";

/** A booking-style broadcast the manifest subscribes to: where Peek posts it and for which events. */
export interface BroadcastRoute {
  path: string;
  events: string[];
}

/** What the emulator needs from `app.json`: where Peek would send the iframe, the installation webhook and the broadcasts. */
export interface AppRoutes {
  settingsPath: string;
  webhookPath: string;
  broadcasts: BroadcastRoute[];
  /** The MCP endpoint the manifest declares (an extendable with an `mcp_url`); `/mcp` when it declares none. */
  mcpPath: string;
}

/** The version the emulated App Registry reports in installation deliveries (the registry keeps versions, not app.json). */
export const EMULATED_DISPLAY_VERSION = "1.0.0";

/**
 * Reads the routes from the manifest every time (any of Peek's formats), so a developer who edits `app.json` sees it
 * honoured at once.
 */
export function readAppRoutes(manifestFile: string): AppRoutes {
  const read = readManifest(JSON.parse(readFileSync(manifestFile, "utf8")));
  if (!read.ok)
    throw new Error(`${manifestFile} is not a Peek manifest: ${read.problems.map((p) => `${p.path}: ${p.message}`).join("; ")}`);
  const entries = manifestEntries(read.manifest).map((e) => e.entry);
  const urlOf = (slug: string) => {
    const url = entries.find((e) => e.slug === slug)?.configuration.url;
    return typeof url === "string" ? url : null;
  };
  const settingsPath = urlOf("app_registry_settings_url@v1");
  const webhookPath = urlOf("app_registry_webhook@v1");
  if (!settingsPath || !webhookPath) {
    throw new Error(`${manifestFile} must declare app_registry_settings_url@v1 and app_registry_webhook@v1 with a url`);
  }
  const broadcasts = entries
    .filter((e) => e.slug === "broadcast_to_url@v1" && typeof e.configuration.url === "string")
    .map((e) => ({
      path: e.configuration.url as string,
      events: Array.isArray(e.configuration.events) ? e.configuration.events.map(String) : [],
    }));
  const mcpUrl = entries.find((e) => typeof e.configuration.mcp_url === "string")?.configuration.mcp_url;
  return { settingsPath, webhookPath, broadcasts, mcpPath: typeof mcpUrl === "string" ? mcpUrl : "/mcp" };
}

/** An extendable URL against the app's base: absolute URLs are kept, paths go to the app's origin. */
export const resolveAppUrl = (appUrl: string, path: string) => new URL(path, appUrl).toString();
