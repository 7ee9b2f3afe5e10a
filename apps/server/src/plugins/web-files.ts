import { readdirSync } from "node:fs";
import { join } from "node:path";
import type { FastifyReply, FastifyRequest } from "fastify";

/** Names the server serves as they are: what Vite writes (no spaces, no `%`, nothing to decode). */
const PLAIN_NAME = /^[A-Za-z0-9._-]+$/;

/**
 * The built web app's files by URL path (`/assets/index-abc.js` → `assets/index-abc.js`), listed once at boot: only
 * these are ever served, so no request path reaches the disk. `index.html` is left out (the server renders the page
 * itself) and so are dotfiles and names that would need decoding (reported in `skipped`).
 */
export function listWebFiles(root: string): { files: Map<string, string>; skipped: string[] } {
  const files = new Map<string, string>();
  const skipped: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
      const relative = dir ? `${dir}/${entry.name}` : entry.name;
      if (entry.name.startsWith(".")) continue;
      if (!PLAIN_NAME.test(entry.name)) skipped.push(relative);
      else if (entry.isDirectory()) walk(relative);
      else if (entry.isFile() && relative !== "index.html") files.set(`/${relative}`, relative);
    }
  };
  walk("");
  return { files, skipped };
}

type Send = typeof import("@fastify/send").default;
let loading: Promise<Send> | null = null;

/**
 * Answers with one listed file through `@fastify/send` (ETag, Last-Modified, 304, ranges, HEAD, content type), which is
 * loaded on the first file served: with `@fastify/static` and its glob, serving files cost the cold start about 30 ms.
 */
export async function sendWebFile(
  request: FastifyRequest,
  reply: FastifyReply,
  root: string,
  relative: string,
  cacheControl: string,
): Promise<void> {
  loading ??= import("@fastify/send").then((module) => module.default);
  const send = await loading;
  const result = await send(request.raw, `/${relative}`, { root, index: false, dotfiles: "deny" });
  if (result.type === "file") {
    await reply.code(result.statusCode).headers(result.headers).header("cache-control", cacheControl).send(result.stream);
    return;
  }
  // Gone since boot (or not a file any more): the same answer as any unknown path. Other refusals keep their status.
  const status = result.type === "error" ? (result.metadata.error as { status?: unknown }).status : 404;
  if (result.type === "error" && typeof status === "number" && status !== 404) await reply.send(result.metadata.error);
  else reply.callNotFound();
}
