import type { Partner, PartnerUser } from "@kit/db";
import { initTRPC, TRPCError } from "@trpc/server";
import { ZodError, z } from "zod";
import type { Context } from "./context";
import { ConflictError, domainErrorToTrpc, PartnerChangedError } from "./errors";
import { fieldIssuesOf } from "./field-issues";
import { isPartnerAdmin } from "./lifecycle/members";
import type { ProcedureMeta } from "./mcp/procedure-meta";
import { kitTransformer } from "./output-serializer";
import { verifyInternalToken } from "./services/internal-tokens";
import { findPartnerByInstallId, isInstalled } from "./services/partners";
import { PORTAL_SESSION_MAX_S, PORTAL_SESSION_REISSUE_AFTER_S, PORTAL_SESSION_TTL_S } from "./services/portal-auth";
import { reissueIfOld, type VerifiedSession, verifySession } from "./services/sessions";

/** The one tRPC instance of the kit. */
const t = initTRPC
  .context<Context>()
  .meta<ProcedureMeta>()
  .create({
    // superjson on the wire; responses written by a faster superjson-compatible encoder (clients use plain superjson).
    transformer: kitTransformer,
    // Stack traces never reach a client, in any environment.
    isDev: false,
    errorFormatter({ shape, error, ctx }) {
      const zodError = error.cause instanceof ZodError ? z.flattenError(error.cause) : null;
      const internal = error.code === "INTERNAL_SERVER_ERROR";
      return {
        ...shape,
        message: internal ? "Internal server error" : shape.message,
        data: {
          code: shape.data.code,
          httpStatus: shape.data.httpStatus,
          path: shape.data.path,
          requestId: ctx?.requestId ?? null,
          fieldErrors: fieldErrorsOf(zodError, error.cause),
          fieldIssues: fieldIssuesOf(error.cause, error.cause instanceof ZodError ? error.cause : null),
          formErrors: zodError?.formErrors ?? null,
          /** Why, where a client acts on it: `partner_changed` (see `PartnerChangedError`). */
          reason: error.cause instanceof PartnerChangedError ? error.cause.reason : null,
        },
      };
    },
  });

/** Per-field messages for bad input (zod) or a uniqueness conflict, keyed by field name. */
function fieldErrorsOf(zodError: { fieldErrors: object } | null, cause: unknown): Record<string, string[] | undefined> | null {
  if (zodError) return zodError.fieldErrors as Record<string, string[] | undefined>;
  return cause instanceof ConflictError ? cause.fieldErrors : null;
}

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
export const middleware = t.middleware;

/** Domain errors thrown by services become tRPC errors with the right code. */
const domainErrors = t.middleware(async ({ next }) => {
  const result = await next();
  const mapped = result.ok ? null : domainErrorToTrpc(result.error.cause);
  if (mapped) throw mapped;
  return result;
});

/**
 * A mutation may change what a cached session carries (a sign-out, a membership, the partner): once it is done, this
 * instance's session cache forgets it before the answer goes out. That is every session, only the sessions of the
 * partner it acted for when the procedure writes nothing else (`meta.sessionCache: "partner"`), or none when it changes
 * nothing a session carries (`"none"`). A call refused before it had an identity (no session, a cross-site cookie) ran
 * nothing and forgets nothing: no request without a session can empty the cache. Other instances see a change within
 * their cache's TTL.
 */
const forgetCachedSessions = t.middleware(async ({ ctx, next, type, meta }) => {
  const result = await next();
  if (type !== "mutation" || meta?.sessionCache === "none") return result;
  const partnerId = ctx.report.partnerId;
  if (!result.ok && partnerId === null && (result.error.code === "UNAUTHORIZED" || result.error.code === "FORBIDDEN")) return result;
  if (meta?.sessionCache === "partner" && partnerId) ctx.sessionCache?.clearPartner(partnerId);
  else ctx.sessionCache?.clear();
  return result;
});

/** Callable by anyone: no authentication. */
export const publicProcedure = t.procedure.use(domainErrors).use(forgetCachedSessions);

/** Who is calling a partner-scoped procedure, for which partner. */
export interface PartnerContext {
  caller: { kind: "session" } | { kind: "internal"; app: string } | { kind: "peek" };
  /** The app session (embed or portal); null for an internal app. */
  session: VerifiedSession | null;
  user: PartnerUser | null;
  partner: Partner;
}

/** A JWT has three dot-separated parts; session tokens are one base64url string. */
const looksLikeJwt = (token: string) => token.split(".").length === 3;

/**
 * Callable for a partner: with an app session (`Authorization: Bearer <session token>` from the embed exchange, or the
 * portal cookie) or by another internal app (`Authorization: Bearer <JWT>` signed with `INTERNAL_API_SECRET`). Narrows
 * ctx to the partner (and the user, for sessions): every partner-scoped query takes the partner from here, never input.
 */
export const partnerProcedure = publicProcedure.use(async ({ ctx, next, type, meta }) => {
  const now = ctx.clock();
  if (ctx.peekCaller) {
    // Verified by the adapter from a Peek user token (the MCP endpoint): that installation's partner, that user.
    ctx.report.partnerId = ctx.peekCaller.partner.id;
    const peek: PartnerContext = { caller: { kind: "peek" }, session: null, user: ctx.peekCaller.user, partner: ctx.peekCaller.partner };
    return next({ ctx: peek });
  }
  if (ctx.bearerToken && looksLikeJwt(ctx.bearerToken)) {
    const verified = await verifyInternalToken(ctx.bearerToken, ctx.internalTokens, now);
    if (!verified.ok)
      throw new TRPCError({ code: "UNAUTHORIZED", message: `Internal token refused: ${verified.reason.replaceAll("_", " ")}` });
    const partner = await findPartnerByInstallId(ctx.db, verified.installId);
    if (!partner || !isInstalled(partner))
      throw new TRPCError({ code: "UNAUTHORIZED", message: "No installed partner for this installation" });
    ctx.logger.info({ caller: verified.issuer, partnerId: partner.id }, "internal call");
    const internal: PartnerContext = { caller: { kind: "internal", app: verified.issuer }, session: null, user: null, partner };
    ctx.report.partnerId = partner.id;
    return next({ ctx: internal });
  }
  // A request with a Bearer header never falls back to the cookie.
  const viaCookie = ctx.bearerToken === null;
  if (viaCookie && type === "mutation") assertSameOriginJson(ctx);
  const token = ctx.bearerToken ?? ctx.sessionCookie.token;
  let session = await verifySession(ctx.db, token, now, ctx.sessionCache);
  if (!session || !token) throw new TRPCError({ code: "UNAUTHORIZED", message: "No valid session: sign in again" });
  if (viaCookie && session.kind === "portal") {
    const fresh = await reissueIfOld(ctx.db, {
      session,
      token,
      now,
      ttlSeconds: PORTAL_SESSION_TTL_S,
      reissueAfterSeconds: PORTAL_SESSION_REISSUE_AFTER_S,
      maxSeconds: PORTAL_SESSION_MAX_S,
    });
    if (fresh) ctx.sessionCookie.set(fresh);
  }
  ctx.report.partnerId = session.partner.id;
  const shown = ctx.request.shownPartnerId;
  if (shown && shown !== session.partner.id && meta?.shownPartner !== "any") {
    // This instance's cache may predate a switch made through another instance: the database decides.
    const current = ctx.sessionCache ? await verifySession(ctx.db, token, now, null) : session;
    if (current?.partner.id !== shown) throw new PartnerChangedError(); // CONFLICT (`domainErrors`)
    session = current;
  }
  return next({
    ctx: { caller: { kind: "session" as const }, session, user: session.user as PartnerUser | null, partner: session.partner },
  });
});

/**
 * For what only a partner's admins may do (settings, people's portal access): a person Peek last called an admin of the
 * partner (its `is_admin` claim), or another internal app (trusted with the partner as a whole). Others: FORBIDDEN.
 */
export const adminProcedure = partnerProcedure.use(async ({ ctx, next }) => {
  const allowed = ctx.caller.kind === "internal" || (ctx.user !== null && (await isPartnerAdmin(ctx.db, ctx.partner.id, ctx.user.id)));
  if (!allowed) throw new TRPCError({ code: "FORBIDDEN", message: "Only an admin of this partner may do this" });
  return next();
});

/** For what only a signed-in person can do (their sessions, signing out, switching partner): not for internal apps. */
export const sessionProcedure = partnerProcedure.use(({ ctx, next }) => {
  if (!ctx.session) throw new TRPCError({ code: "FORBIDDEN", message: "This needs a user session" });
  return next({ ctx: { session: ctx.session, user: ctx.session.user } });
});

/**
 * Cookie-authenticated mutations must come from our own pages: JSON (a cross-site form or text/plain post cannot send
 * it without a preflight) and same-origin. tRPC itself does not check either.
 */
export function assertSameOriginJson(ctx: Context): void {
  if (!ctx.request.json || !ctx.request.sameOrigin) {
    throw new TRPCError({ code: "FORBIDDEN", message: "Cross-site request refused" });
  }
}
