import { escapeHtml } from "./html";

/**
 * A page the server writes itself (embed landing states, dev pages), in the app's look: the built app's stylesheet
 * (same fonts, colours, light and dark) and its `kit-*` page classes. Without a built app, a few inline rules by nonce
 * keep it readable.
 */
export function serverPage(options: {
  title: string;
  lang: string;
  nonce: string;
  stylesheetHref: string | null;
  body: string;
  script?: string;
  /** `centered` for a message page, `document` for a long page (mailbox, dashboard). */
  layout: "centered" | "document";
}): string {
  const fallback = options.stylesheetHref
    ? ""
    : `<style nonce="${options.nonce}">body{font-family:"IBM Plex Sans",system-ui,sans-serif;margin:0;color-scheme:light dark}
.kit-standalone{min-height:90vh;display:grid;place-items:center}.kit-panel,.kit-document{max-width:40rem;margin:0 auto;padding:1.5rem}
.kit-button{font:inherit;padding:.5rem 1rem}[hidden]{display:none}</style>`;
  return `<!doctype html>
<html lang="${escapeHtml(options.lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="color-scheme" content="light dark">
<title>${escapeHtml(options.title)}</title>
${options.stylesheetHref ? `<link rel="stylesheet" href="${escapeHtml(options.stylesheetHref)}">` : ""}${fallback}
</head>
<body>
${options.layout === "centered" ? `<main class="kit-standalone"><div class="kit-panel">${options.body}</div></main>` : `<main class="kit-document">${options.body}</main>`}
${options.script ? `<script nonce="${options.nonce}">${options.script}</script>` : ""}
</body>
</html>`;
}
