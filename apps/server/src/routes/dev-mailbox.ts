import { type Database, devMailbox } from "@kit/db";
import { desc } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import { escapeHtml } from "./embed/html";

/** Development only: the mail the app "sent", newest first, as JSON and as a page. Not registered in production. */
export async function devMailboxRoutes(app: FastifyInstance, options: { db: Database }): Promise<void> {
  const latest = () => options.db.select().from(devMailbox).orderBy(desc(devMailbox.sentAt)).limit(100);

  app.get("/dev/mailbox.json", async () => {
    const messages = await latest();
    return { messages };
  });

  app.get("/dev/mailbox", async (_request, reply) => {
    const messages = await latest();
    const items = messages
      .map(
        (m) =>
          `<article><h2>${escapeHtml(m.subject)}</h2><p>To ${escapeHtml(m.to)} · ${m.sentAt.toISOString()}</p><pre>${escapeHtml(m.text)}</pre></article>`,
      )
      .join("\n");
    return reply
      .header("content-type", "text/html; charset=utf-8")
      .send(
        `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Dev mailbox</title></head><body><h1>Dev mailbox</h1>${items || "<p>No mail yet.</p>"}</body></html>`,
      );
  });
}
