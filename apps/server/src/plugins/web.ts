import { existsSync } from "node:fs";
import { join } from "node:path";
import fastifyStatic from "@fastify/static";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { notFound } from "./errors";

/** CSP of the SPA's pages: only our own scripts, styles and API. */
export const WEB_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; connect-src 'self'; " +
  "frame-ancestors 'self'; base-uri 'self'; object-src 'none'; form-action 'self'";

const wantsHtml = (request: FastifyRequest) =>
  (request.method === "GET" || request.method === "HEAD") && (request.headers.accept ?? "").includes("text/html");

/**
 * Serves the built web app (hashed assets cached for a year, `index.html` never) and answers unknown HTML
 * navigations with the SPA shell, so client-side routes survive a reload. Other unknown requests get a JSON 404.
 */
export async function registerWeb(app: FastifyInstance, webDistDir: string | null): Promise<void> {
  const hasWeb = webDistDir !== null && existsSync(join(webDistDir, "index.html"));
  if (webDistDir !== null && !hasWeb) app.log.warn({ webDistDir }, "web app not built: only the API is served");

  // Pages' URLs can hold a token (the sign-in link): no Referer ever leaves with one.
  const sendShell = (reply: FastifyReply) =>
    reply
      .header("cache-control", "no-cache")
      .header("content-security-policy", WEB_CSP)
      .header("referrer-policy", "no-referrer")
      .sendFile("index.html");

  if (hasWeb) {
    await app.register(fastifyStatic, {
      root: webDistDir,
      wildcard: false,
      index: false,
      setHeaders(reply, path) {
        reply.header("cache-control", path.includes("/assets/") ? "public, max-age=31536000, immutable" : "no-cache");
      },
    });
    app.get("/", (_request, reply) => sendShell(reply));
    app.get("/assets/*", (request, reply) => reply.sendFile(`assets/${(request.params as { "*": string })["*"]}`));
  }

  app.setNotFoundHandler((request, reply) => {
    if (hasWeb && wantsHtml(request) && !request.url.startsWith("/trpc")) return sendShell(reply);
    return reply.status(404).send(notFound(request.id, request.method, request.url));
  });
}
