import { WEBHOOK_KINDS } from "./webhooks/registry";

/** Where Peek Pro POSTs `peek-auth` inside its iframe (`app_registry_settings_url@v1`). */
export const EMBED_LANDING_PATH = "/peek-pro/settings";

/**
 * Every route Peek calls on the app: the server registers them from here, and the manifest check compares app.json
 * with this table, so a route and its manifest entry cannot disagree.
 */
export function peekCalledRoutes(): { method: "POST"; path: string; what: string }[] {
  return [
    { method: "POST", path: EMBED_LANDING_PATH, what: "the embedded app's landing" },
    ...WEBHOOK_KINDS.flatMap((kind) => kind.paths.map((path) => ({ method: "POST" as const, path, what: `the ${kind.kind} webhook` }))),
  ];
}
