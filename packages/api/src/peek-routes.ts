import { WEBHOOK_KINDS } from "./webhooks/registry";

/** Where Peek Pro POSTs `peek-auth` inside its iframe (`app_registry_settings_url@v1`). */
export const EMBED_LANDING_PATH = "/peek-pro/settings";

/** The app's MCP endpoint, for Peek's AI orchestrator. */
export const MCP_PATH = "/mcp";
/**
 * The extendable that declares it. Taken from Peek's CLI skills (`mcp-endpoint/SKILL.md`: `app_registry_mcp_url@v1`,
 * `{ "mcp_url": "/…" }` under `global`); Peek's public documentation does not pin it yet, so it is a setting
 * (`PEEK_MCP_EXTENDABLE_SLUG`) and marked unverified in docs/peek-ai.md.
 */
export const DEFAULT_MCP_EXTENDABLE_SLUG = "app_registry_mcp_url@v1";

/**
 * Every route Peek calls on the app: the server registers them from here, and the manifest check compares app.json
 * with this table, so a route and its manifest entry cannot disagree.
 */
export function peekCalledRoutes(): { method: "POST"; path: string; what: string }[] {
  return [
    { method: "POST", path: EMBED_LANDING_PATH, what: "the embedded app's landing" },
    { method: "POST", path: MCP_PATH, what: "the MCP endpoint" },
    ...WEBHOOK_KINDS.flatMap((kind) => kind.paths.map((path) => ({ method: "POST" as const, path, what: `the ${kind.kind} webhook` }))),
  ];
}
