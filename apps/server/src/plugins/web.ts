import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { spaCsp } from "../web/csp";
import type { SpaShell } from "../web/spa-shell";
import { notFound } from "./errors";
import { listWebFiles, sendWebFile } from "./web-files";

const wantsHtml = (request: FastifyRequest) =>
  (request.method === "GET" || request.method === "HEAD") && (request.headers.accept ?? "").includes("text/html");

/**
 * Serves the built web app (hashed assets cached for a year, `index.html` never) and answers every other HTML
 * navigation with the SPA's page, so a client-side route survives a reload — also inside Peek Pro's frame: the page
 * may be framed by Peek Pro's origins (and only them), and finds its session through Peek's token handshake. Other
 * unknown requests get a JSON 404.
 */
export async function registerWeb(
  app: FastifyInstance,
  options: { webDistDir: string | null; shell: SpaShell; origins: readonly string[] },
): Promise<void> {
  const { webDistDir, shell } = options;
  const hasWeb = webDistDir !== null && shell.built;
  if (webDistDir !== null && !hasWeb) app.log.warn({ webDistDir }, "web app not built: only the API is served");
  const page = shell.render(null);
  const csp = spaCsp(options.origins);

  // Pages' URLs can hold a token (the sign-in link): no Referer ever leaves with one.
  const sendShell = (reply: FastifyReply) =>
    reply
      .header("cache-control", "no-cache")
      .header("content-security-policy", csp)
      .header("referrer-policy", "no-referrer")
      .header("content-type", "text/html; charset=utf-8")
      .send(page);

  if (hasWeb) {
    const { files, skipped } = listWebFiles(webDistDir);
    if (skipped.length > 0) app.log.warn({ skipped: skipped.slice(0, 10) }, "web files with names that need decoding are not served");
    // Hashed assets never change under their name: one route looks them up. Anything else (the few files at the top,
    // such as the icon) has a route of its own and is checked again on every use.
    const immutable = "public, max-age=31536000, immutable";
    app.get("/assets/*", (request, reply) => {
      const relative = files.get(`/assets/${(request.params as { "*": string })["*"]}`);
      if (!relative) return reply.callNotFound();
      return sendWebFile(request, reply, webDistDir, relative, immutable);
    });
    for (const [url, relative] of files) {
      if (!relative.startsWith("assets/")) app.get(url, (request, reply) => sendWebFile(request, reply, webDistDir, relative, "no-cache"));
    }
    app.get("/", (_request, reply) => sendShell(reply));
  }

  app.setNotFoundHandler((request, reply) => {
    if (hasWeb && wantsHtml(request) && !request.url.startsWith("/trpc")) return sendShell(reply);
    return reply.status(404).send(notFound(request.id, request.method, request.url));
  });
}
