import { createHash } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import { findPartnerByInstallId, isInstalled } from "@kit/api";
import { type Database, demoRecords } from "@kit/db";
import { isAllowedOrigin, tokenFromBearer, verifyClientToken } from "@kit/peek";
import { eq } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import { errorBody } from "../plugins/errors";

export interface WidgetRouteOptions {
  db: Database;
  /** `CLIENT_SECRET_TOKEN`; without it every widget route answers 503. */
  clientSecret: string | null;
  /** Peek platform origins (`PEEK_ORIGINS`): the only ones that get CORS headers. */
  origins: readonly string[];
  appName: string;
  tokenMaxTtlSeconds: number;
  clock: () => Date;
  /** The built widget extension (`packages/widget/dist/widget.js`), served at `/widget/widget.js`; null: not served. */
  bundleFile: string | null;
}

const PATHS = ["/widget/hello", "/widget/your_end_point"];

/**
 * The API Peek Pro's widget extension calls from the browser. CORS only for the exact, allowlisted Peek origin (echoed,
 * never `*`, no credentials); authentication by a client-secret token, a kind no other verifier accepts.
 */
export async function widgetRoutes(app: FastifyInstance, options: WidgetRouteOptions): Promise<void> {
  app.addHook("onRequest", async (request, reply) => {
    // Answers depend on who asks and with which token: a shared cache must key on both.
    reply.header("vary", "Origin, x-peek-auth");
    const origin = request.headers.origin;
    if (typeof origin === "string" && isAllowedOrigin(origin, options.origins)) {
      reply.header("access-control-allow-origin", origin);
      reply.header("access-control-allow-methods", "GET, OPTIONS");
      reply.header("access-control-allow-headers", "x-peek-auth, content-type");
      reply.header("access-control-max-age", "600");
    }
  });

  const bundle = widgetBundle(options.bundleFile);
  app.get("/widget/widget.js", async (request, reply) => {
    const current = bundle();
    if (!current)
      return reply.status(404).send(errorBody(request.id, "NOT_FOUND", "The widget is not built: run pnpm --filter @kit/widget build"));
    reply.header("etag", current.etag).header("cache-control", "public, max-age=300, must-revalidate");
    if (request.headers["if-none-match"] === current.etag) return reply.status(304).send();
    return reply.type("text/javascript; charset=utf-8").send(current.body);
  });

  for (const path of PATHS) {
    app.options(path, async (_request, reply) => reply.status(204).send());
    app.get(path, async (request, reply) => {
      if (!options.clientSecret) {
        return reply
          .status(503)
          .send(errorBody(request.id, "SERVICE_UNAVAILABLE", "The widget API is not configured (CLIENT_SECRET_TOKEN)"));
      }
      const verified = await verifyClientToken(
        tokenFromBearer(request.headers["x-peek-auth"]),
        { secret: options.clientSecret, maxTtlSeconds: options.tokenMaxTtlSeconds },
        options.clock(),
      );
      const partner = verified.ok ? await findPartnerByInstallId(options.db, verified.installId) : null;
      if (!partner || !isInstalled(partner)) {
        return reply.status(401).send(errorBody(request.id, "UNAUTHORIZED", "x-peek-auth: no valid widget token for an installed partner"));
      }
      const records = await options.db.$count(demoRecords, eq(demoRecords.partnerId, partner.id));
      return {
        ok: true,
        message: `Hello from ${options.appName}`,
        partner: { id: partner.id, name: partner.name, platform: partner.platform },
        demoRecords: records,
      };
    });
  }
}

/** The widget file with its content-hash ETag, read again only when the file changes (a rebuild during development). */
function widgetBundle(file: string | null): () => { body: Buffer; etag: string } | null {
  let cached: { body: Buffer; etag: string; mtimeMs: number } | null = null;
  return () => {
    if (!file) return null;
    let mtimeMs: number;
    try {
      mtimeMs = statSync(file).mtimeMs;
    } catch {
      return null;
    }
    if (cached?.mtimeMs !== mtimeMs) {
      const body = readFileSync(file);
      cached = { body, etag: `"${createHash("sha256").update(body).digest("base64url").slice(0, 27)}"`, mtimeMs };
    }
    return cached;
  };
}
