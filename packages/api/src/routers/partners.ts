import { emailSchema } from "@kit/db/validators";
import { LOCALES } from "@kit/peek/locale";
import { z } from "zod";
import { BadInputError, ForbiddenError, NotConfiguredError, NotFoundError } from "../errors";
import { listPartnerActivities } from "../services/partner-activities";
import { listPartnerSummariesOfUser } from "../services/partners";
import { confirmLogin, describeLoginLink, requestLoginLink } from "../services/portal-auth";
import {
  deleteOtherSessions,
  deleteSession,
  deleteUserSessions,
  listUserSessions,
  type SessionScope,
  switchSessionPartner,
} from "../services/sessions";
import { assertSameOriginJson, partnerProcedure, publicProcedure, router, sessionProcedure } from "../trpc";
import { partnerLifecycleProcedures } from "./partner-lifecycle";

const loginToken = z.object({ token: z.string().min(1).max(100) });

/** The sessions a session may see and end (see `SessionScope`): an embed session, its own partner's only. */
const scopeOf = (ctx: { session: { kind: string }; partner: { id: string } }): SessionScope =>
  ctx.session.kind === "embed" ? { partnerId: ctx.partner.id } : null;

export const partnersRouter = router({
  /** Who is signed in, for which partner, and which other partners they may switch to. */
  me: partnerProcedure.query(async ({ ctx }) => {
    const { user, partner } = ctx;
    // An internal app acts for one partner and is nobody in particular. Inside Peek Pro, the person is who Peek says
    // for this account only: their other partners are the portal's to show (see `SessionScope`).
    const all = user && ctx.session?.kind !== "embed" ? await listPartnerSummariesOfUser(ctx.db, user.id) : [partner];
    return {
      user: user ? { id: user.id, email: user.email, name: user.name } : null,
      partner: {
        id: partner.id,
        name: partner.name,
        platform: partner.platform,
        isTest: partner.isTest,
        /** The partner's IANA time zone (UTC when Peek has not told it): times are shown on this wall clock. */
        timezone: partner.timezone ?? "UTC",
        installation: partner.appRegistryInstallation
          ? { status: partner.appRegistryInstallation.status, displayVersion: partner.appRegistryInstallation.display_version }
          : null,
      },
      partners: all.map((p) => ({ id: p.id, name: p.name, platform: p.platform })),
      /** How this session was opened: inside Peek Pro, signed in to the portal, or none (an internal app). */
      sessionKind: ctx.session?.kind ?? null,
    };
  }),

  /** The partner's activities, read from Peek through its SDK; degrades to a reason when Peek cannot be reached. */
  activities: partnerProcedure
    .meta({
      mcp: {
        description:
          "The partner's activities (what they sell: tours, rentals…) as Peek lists them, id and name; or, when Peek's API cannot be used, available false with a code and a reason.",
      },
    })
    .query(({ ctx }) => listPartnerActivities(ctx.partner, ctx.peekAccess)),

  /** What the public landing page shows. */
  portalInfo: publicProcedure.query(({ ctx }) => ({
    appName: ctx.portal?.appName ?? "Peek App Kit",
    embeddedAppUrl: ctx.portal?.embeddedAppUrl ?? null,
    emailSignIn: ctx.portal?.mailEnabled ?? false,
  })),

  /** Mails a sign-in link to a known partner user; the answer is the same for every address. */
  requestLoginLink: publicProcedure
    .meta({ sessionCache: "none" })
    .input(z.object({ email: emailSchema, returnTo: z.string().max(512).optional(), locale: z.enum(LOCALES).optional() }))
    .mutation(async ({ ctx, input }) => {
      assertSameOriginJson(ctx); // no other site may make us mail people (a cross-site form post cannot send JSON)
      if (!ctx.portal || !ctx.jobs) throw new NotConfiguredError("Sign-in by email is not configured for this app");
      const { queued } = await requestLoginLink(
        { db: ctx.db, jobs: ctx.jobs, config: ctx.portal, defer: ctx.afterResponse },
        { email: input.email, returnTo: input.returnTo ?? null, ip: ctx.request.ip, now: ctx.clock(), locale: input.locale ?? null },
      );
      // Answered without waiting for the link of a known address (its time would tell it from an unknown one). If it
      // cannot be stored, the person gets no mail and asks again; the log says why, without the address.
      queued.catch((error: unknown) => ctx.logger.error({ err: error }, "a sign-in link could not be queued"));
      return { sent: true as const };
    }),

  /** Who a link signs in, without using it up (mail scanners open links). A mutation: the token stays out of URLs. */
  loginLinkInfo: publicProcedure
    .meta({ sessionCache: "none" })
    .input(loginToken)
    .mutation(({ ctx, input }) => describeLoginLink(ctx.db, input.token, ctx.clock())),

  /** Uses the link up, opens a portal session in a cookie, and says where to go. */
  confirmLogin: publicProcedure
    .meta({ sessionCache: "none" })
    .input(loginToken)
    .mutation(async ({ ctx, input }) => {
      assertSameOriginJson(ctx); // no signing a victim in to someone else's account from another site
      const result = await confirmLogin(ctx.db, { token: input.token, userAgent: ctx.request.userAgent, now: ctx.clock() });
      if (!result.ok && result.reason === "no_partner") {
        throw new ForbiddenError(
          "You belong to no partner that has this app now: ask an admin of your partner, or open the app from Peek Pro",
        );
      }
      if (!result.ok) throw new BadInputError("This sign-in link is invalid, has expired or was already used");
      ctx.sessionCookie.set(result.session);
      return { redirectTo: result.redirectTo };
    }),

  logout: sessionProcedure.meta({ shownPartner: "any" }).mutation(async ({ ctx }) => {
    await deleteSession(ctx.db, { sessionId: ctx.session.sessionId, partnerUserId: ctx.user.id });
    ctx.sessionCookie.clear();
    return { ok: true as const };
  }),

  logoutEverywhere: sessionProcedure.meta({ shownPartner: "any" }).mutation(async ({ ctx }) => {
    await deleteUserSessions(ctx.db, ctx.user.id, ctx.clock(), scopeOf(ctx));
    ctx.sessionCookie.clear();
    return { ok: true as const };
  }),

  /** Signs out every other session of the user (other browsers and inside Peek Pro); this one stays. */
  logoutOthers: sessionProcedure.meta({ shownPartner: "any" }).mutation(async ({ ctx }) => {
    const signedOut = await deleteOtherSessions(ctx.db, ctx.user.id, ctx.session.sessionId, ctx.clock(), scopeOf(ctx));
    return { signedOut };
  }),

  /** The user's live sessions (embedded and portal), this one marked. */
  sessions: sessionProcedure.meta({ shownPartner: "any" }).query(async ({ ctx }) => {
    const rows = await listUserSessions(ctx.db, ctx.user.id, ctx.clock(), scopeOf(ctx));
    return rows.map((row) => ({ ...row, current: row.id === ctx.session.sessionId }));
  }),

  revokeSession: sessionProcedure
    .meta({ shownPartner: "any" })
    .input(z.object({ id: z.uuid() }))
    .mutation(async ({ ctx, input }) => {
      const deleted = await deleteSession(ctx.db, { sessionId: input.id, partnerUserId: ctx.user.id, scope: scopeOf(ctx) });
      if (!deleted) throw new NotFoundError("No such session");
      if (input.id === ctx.session.sessionId) ctx.sessionCookie.clear();
      return { ok: true as const };
    }),

  /** Acts for another partner the user is connected to (membership checked here and on every request). */
  switchPartner: sessionProcedure
    .meta({ shownPartner: "any" })
    .input(z.object({ partnerId: z.uuid() }))
    .mutation(({ ctx, input }) => switchSessionPartner(ctx.db, { session: ctx.session, partnerId: input.partnerId })),

  ...partnerLifecycleProcedures,
});
