import fastifyStatic from "@fastify/static";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { spaCsp } from "../web/csp";
import type { SpaShell } from "../web/spa-shell";
import { notFound } from "./errors";

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
