import { randomBytes } from "node:crypto";
import fastifyFormbody from "@fastify/formbody";
import { EMBED_LANDING_PATH, resolvePeekCaller, startEmbedSession } from "@kit/api";
import type { Database } from "@kit/db";
import { isAllowedOrigin, type PeekTokenConfig, tokenFromBearer, verifyPeekToken } from "@kit/peek";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { errorBody } from "../../plugins/errors";
import { embedPageCsp, spaCsp } from "../../web/csp";
import type { SpaShell } from "../../web/spa-shell";
import { notInstalledPage, openFromPeekPage, pendingInstallationPage, sessionExpiredPage } from "./pages";

export interface EmbedRouteOptions {
  db: Database;
  peekToken: PeekTokenConfig;
  /** Peek Pro origins (plus our own): frame-ancestors and postMessage partners. */
  origins: readonly string[];
  /** The app's own origin: never a parent frame, and where the pending page's re-post comes from. */
  appOrigin: string;
  sessionTtlSeconds: number;
  /** The web app's page, which the landing answers with the embed session in it. */
  shell: SpaShell;
  appName: string;
  clock: () => Date;
}

const LANDING_PATH = EMBED_LANDING_PATH;

/** Reads `attempt` defensively: anything but a small whole number counts as the first attempt. */
const attemptOf = (value: unknown) => {
  const n = typeof value === "string" && /^\d{1,3}$/.test(value) ? Number(value) : 0;
  return Number.isSafeInteger(n) ? n : 0;
};

/**
 * Peek Pro's way in: it POSTs a form with `peek-auth` to the settings URL inside its iframe. No cookies are involved:
 * the landing answers the SPA with an embed session in a bootstrap element, and the SPA refreshes it through
 * `POST /peek-pro/session` with a fresh Peek token obtained from the parent frame.
 */
export async function embedRoutes(app: FastifyInstance, options: EmbedRouteOptions): Promise<void> {
  await app.register(fastifyFormbody, { bodyLimit: 16_384 });
  const isParent = (origin: unknown): origin is string =>
    typeof origin === "string" && origin !== options.appOrigin && isAllowedOrigin(origin, options.origins);
  /**
   * Peek Pro's origin, which posted the form. The pending page's re-post comes from the app's own page (Origin `null`
   * under its no-referrer policy, or the app's origin): it carries the origin the first landing saw, checked again.
   */
  const parentOriginOf = (request: FastifyRequest, body: Record<string, unknown>) => {
    const origin = request.headers.origin;
    if (isParent(origin)) return origin;
    const carried = body["parent-origin"];
    return (origin === "null" || origin === options.appOrigin) && isParent(carried) ? carried : null;
  };
  const html = (reply: FastifyReply, status: number, csp: string, body: string) =>
    reply
      .status(status)
      .header("content-type", "text/html; charset=utf-8")
      .header("referrer-policy", "no-referrer")
      .header("content-security-policy", csp)
      .send(body);

  app.post(LANDING_PATH, async (request, reply) => {
    const body = (request.body && typeof request.body === "object" ? request.body : {}) as Record<string, unknown>;
    const fromForm = typeof body["peek-auth"] === "string" ? body["peek-auth"] : null;
    const peekToken = fromForm ?? tokenFromBearer(request.headers["x-peek-auth"]);
    const parentOrigin = parentOriginOf(request, body);
    // Peek Pro opens the app in its iframe; a browser says where a navigation goes (Fetch Metadata). A landing in a
    // window of its own would sign that browser in as whoever's token a page posted (login CSRF): no session there.
    const dest = request.headers["sec-fetch-dest"];
    const framed = dest === undefined || dest === "iframe" || dest === "frame";
    const nonce = randomBytes(16).toString("base64");
    const pageCsp = embedPageCsp(options.origins, nonce);
    const verified = await verifyPeekToken(peekToken, options.peekToken, options.clock());
    // The user's language when the token names one (a refused token's claims are not trusted for anything else).
    const page = {
      nonce,
      locale: verified.ok ? (verified.user?.locale ?? null) : null,
      stylesheetHref: options.shell.stylesheetHref,
      appName: options.appName,
    };
    if (!verified.ok || !verified.user) {
      request.log.info({ reason: verified.ok ? "no_user" : verified.reason }, "embed landing refused");
      return html(reply, 401, pageCsp, await sessionExpiredPage(page, { parentOrigin }));
    }
    // Outside a frame, only what opens no session is answered as in one: the pending, not-installed and expired pages.
    const opened = framed
      ? await startEmbedSession(options.db, verified, { ttlSeconds: options.sessionTtlSeconds, now: options.clock() })
      : null;
    const result = opened ?? (await resolvePeekCaller(options.db, verified));
    if (result.ok) {
      if (!opened?.ok) {
        request.log.info({ dest }, "embed landing refused: not in a frame");
        return html(reply, 403, pageCsp, await openFromPeekPage(page));
      }
      return html(
        reply,
        200,
        spaCsp(options.origins),
        options.shell.render({
          token: opened.session.token,
          expiresAt: opened.session.expiresAt.toISOString(),
          parentOrigin,
          locale: verified.user.locale,
        }),
      );
    }
    if (result.reason === "uninstalled") return html(reply, 403, pageCsp, await notInstalledPage(page));
    if (result.reason === "no_user") return html(reply, 401, pageCsp, await sessionExpiredPage(page, { parentOrigin }));
    return html(
      reply,
      200,
      pageCsp,
      await pendingInstallationPage(page, {
        action: request.url.split("?")[0] ?? LANDING_PATH,
        peekToken: peekToken as string,
        attempt: attemptOf(body.attempt),
        tokenExpiresAt: Number(verified.claims.exp),
        parentOrigin,
      }),
    );
  });

  /** The SPA's refresh: a fresh Peek token (from the parent frame) for a new embed session. */
  app.post("/peek-pro/session", async (request, reply) => {
    const body = request.body;
    const token =
      body && typeof body === "object" && typeof (body as Record<string, unknown>)["peek-auth"] === "string"
        ? (body as Record<string, string>)["peek-auth"]
        : null;
    const error = (status: number, code: string, message: string) => reply.status(status).send(errorBody(request.id, code, message));
    if (request.headers["content-type"]?.split(";")[0]?.trim() !== "application/json") {
      return error(415, "UNSUPPORTED_MEDIA_TYPE", 'Send JSON: {"peek-auth":"<token>"}');
    }
    const verified = await verifyPeekToken(token, options.peekToken, options.clock());
    if (!verified.ok) return error(401, "UNAUTHORIZED", `peek-auth: ${verified.reason.replaceAll("_", " ")}`);
    const result = await startEmbedSession(options.db, verified, { ttlSeconds: options.sessionTtlSeconds, now: options.clock() });
    if (result.ok) {
      return {
        token: result.session.token,
        expiresAt: result.session.expiresAt.toISOString(),
        // The user's language as Peek says it now (the app follows a change on its next refresh or reload).
        locale: verified.user?.locale ?? null,
      };
    }
    if (result.reason === "no_user") return error(401, "UNAUTHORIZED", "peek-auth: the token does not speak for a user");
    if (result.reason === "uninstalled") return error(403, "FORBIDDEN", "This app is not installed for the account");
    return error(409, "CONFLICT", "The installation is pending: Peek has not told the app about it yet");
  });
}
