import { randomBytes } from "node:crypto";
import { type Database, devMailbox } from "@kit/db";
import { desc } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import { devPageCsp } from "../web/csp";
import { escapeHtml } from "../web/html";
import { serverPage } from "../web/server-page";
import { thisMachineOnly } from "./dev-only";

/** Links in a plain-text mail, made clickable (only http(s) URLs; everything else stays escaped text). */
export function linkify(text: string): string {
  return text
    .split(/(https?:\/\/[^\s<>"]+)/g)
    .map((part, index) => (index % 2 === 1 ? `<a href="${escapeHtml(part)}">${escapeHtml(part)}</a>` : escapeHtml(part)))
    .join("");
}

/** Development only: the mail the app "sent", newest first, as JSON and as a page. Not registered in production. */
export async function devMailboxRoutes(app: FastifyInstance, options: { db: Database; stylesheetHref: string | null }): Promise<void> {
  thisMachineOnly(app);
  const latest = () => options.db.select().from(devMailbox).orderBy(desc(devMailbox.sentAt)).limit(100);

  app.get("/dev/mailbox.json", async () => {
    const messages = await latest();
    return { messages };
  });

  app.get("/dev/mailbox", async (_request, reply) => {
    const messages = await latest();
    const nonce = randomBytes(16).toString("base64");
    const items = messages
      .map(
        (m) =>
          `<article><h2>${escapeHtml(m.subject)}</h2><p class="kit-muted">To ${escapeHtml(m.to)} · <time datetime="${m.sentAt.toISOString()}">${m.sentAt.toISOString()}</time></p><pre>${linkify(m.text)}</pre></article>`,
      )
      .join("\n");
    return reply
      .header("content-type", "text/html; charset=utf-8")
      .header("content-security-policy", devPageCsp(nonce))
      .send(
        serverPage({
          title: "Dev mailbox",
          lang: "en",
          nonce,
          stylesheetHref: options.stylesheetHref,
          layout: "document",
          body: `<h1>Dev mailbox</h1><p class="kit-muted">Mail the app sent in development, newest first. Links open in this tab.</p>${items || "<p>No mail yet.</p>"}`,
        }),
      );
  });
}
