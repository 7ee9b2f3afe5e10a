import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { jsonForScript } from "./html";

/** What the SPA reads once from an embed landing and then keeps in memory only. */
export interface EmbedBootstrap {
  token: string;
  expiresAt: string;
  /** Peek Pro's exact origin (from the landing's `Origin`, when allowlisted): the only target and source of messages. */
  parentOrigin: string | null;
  locale: string | null;
}

const FALLBACK_SHELL = `<!doctype html>
<html lang="en"><head><meta charset="UTF-8" /><meta name="viewport" content="width=device-width, initial-scale=1.0" />
<title>Peek App Kit</title></head><body><div id="root"></div><p>The web app is not built: run pnpm build.</p></body></html>`;

export interface SpaShell {
  /** The built web app is there. */
  built: boolean;
  /** `index.html` with the page config (public) and, after an embed landing, the embed session. */
  render(bootstrap: EmbedBootstrap | null): string;
  /** The app's stylesheet, for the server-rendered pages to share its look (null when the web app is not built). */
  stylesheetHref: string | null;
}

/**
 * The built SPA's `index.html`, read once. Every page gets `kit-config` (the Peek Pro origins that may frame it, so a
 * page loaded inside Peek Pro without a session knows whom to ask for a token); an embed landing also gets the session
 * in `kit-embed-session`. The session never goes in a URL; the Peek token never appears in the page.
 */
export function createSpaShell(webDistDir: string | null, peekOrigins: readonly string[]): SpaShell {
  const indexPath = webDistDir ? join(webDistDir, "index.html") : null;
  const built = indexPath !== null && existsSync(indexPath);
  const template = built ? readFileSync(indexPath, "utf8") : FALLBACK_SHELL;
  const [head, tail] = template.split("</head>");
  const config = `<script type="application/json" id="kit-config">${jsonForScript({ peekOrigins })}</script>`;
  const stylesheetHref = template.match(/<link rel="stylesheet"[^>]*href="(\/assets\/[^"]+\.css)"/)?.[1] ?? null;
  return {
    built,
    stylesheetHref,
    render: (bootstrap) =>
      `${head}${config}${
        bootstrap ? `<script type="application/json" id="kit-embed-session">${jsonForScript(bootstrap)}</script>` : ""
      }</head>${tail ?? ""}`,
  };
}
