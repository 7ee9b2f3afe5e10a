import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { jsonForScript } from "./html";

/** What the SPA reads once from the page and then keeps in memory only. */
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

/**
 * The built SPA's `index.html` (read once), with the embed session placed in a JSON bootstrap element. The session
 * never goes in a URL; the Peek token never appears in the page.
 */
export function createSpaShell(webDistDir: string | null): (bootstrap: EmbedBootstrap) => string {
  const indexPath = webDistDir ? join(webDistDir, "index.html") : null;
  const template = indexPath && existsSync(indexPath) ? readFileSync(indexPath, "utf8") : FALLBACK_SHELL;
  const [head, tail] = template.split("</head>");
  return (bootstrap) =>
    `${head}<script type="application/json" id="kit-embed-session">${jsonForScript(bootstrap)}</script></head>${tail ?? ""}`;
}
