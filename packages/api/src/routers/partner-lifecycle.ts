import { z } from "zod";
import { ForbiddenError } from "../errors";
import { listAudit } from "../lifecycle/audit";
import { isPartnerAdmin, listMembers, setPortalAccess } from "../lifecycle/members";
import { getSettings, settingsSchema, updateSettings } from "../lifecycle/settings";
import { completeSetupStep, refreshSetupStatus } from "../lifecycle/setup";
import { adminProcedure, partnerProcedure } from "../trpc";

/**
 * The installation's lifecycle as operators see it: setup, settings, the audit trail, who has portal access. Part of
 * the `partners` router (`partners.setupStatus`, …).
 */
export const partnerLifecycleProcedures = {
  /** The setup checklist: each step done or not, and the overall status reported to Peek. */
  setupStatus: partnerProcedure.query(async ({ ctx }) => {
    await ctx.jobs?.prepare(); // a changed status is reported by a job
    return ctx.db.transaction((tx) =>
      refreshSetupStatus(tx, {
        partnerId: ctx.partner.id,
        installId: ctx.partner.appRegistryInstallationRefid,
        jobs: ctx.jobs,
        now: ctx.clock(),
      }),
    );
  }),

  /** Marks a step an operator completes by hand (an automatic step is done by the data). */
  completeSetupStep: partnerProcedure.input(z.object({ id: z.string().min(1).max(64) }).strict()).mutation(({ ctx, input }) =>
    completeSetupStep(ctx.db, {
      partnerId: ctx.partner.id,
      installId: ctx.partner.appRegistryInstallationRefid,
      stepId: input.id,
      userId: ctx.user?.id ?? null,
      jobs: ctx.jobs,
      now: ctx.clock(),
    }),
  ),

  /** The partner's settings (defaults until an admin saves them), and whether this caller may change them. */
  settings: partnerProcedure.query(async ({ ctx }) => ({
    settings: await getSettings(ctx.db, ctx.partner.id),
    canEdit: ctx.caller.kind === "internal" || (ctx.user !== null && (await isPartnerAdmin(ctx.db, ctx.partner.id, ctx.user.id))),
  })),

  /** Replaces the settings (validated by the app's settings schema; field errors as for any form). Admins only. */
  updateSettings: adminProcedure
    .input(settingsSchema)
    .mutation(({ ctx, input }) =>
      updateSettings(ctx.db, { partnerId: ctx.partner.id, userId: ctx.user?.id ?? null, settings: input, now: ctx.clock() }),
    ),

  /** What operators changed, newest first (who by user id and name, what, before and after). Admins only. */
  auditLog: adminProcedure.query(({ ctx }) => listAudit(ctx.db, ctx.partner.id)),

  /** The partner's people, whether Peek calls them admins, and whether they have portal access. Admins only. */
  members: adminProcedure.query(({ ctx }) => listMembers(ctx.db, ctx.partner.id)),

  /** Removes (or gives back) another person's portal access to this partner; their portal sessions end at once. */
  setPortalAccess: adminProcedure.input(z.object({ userId: z.uuid(), access: z.boolean() }).strict()).mutation(async ({ ctx, input }) => {
    if (!ctx.user) throw new ForbiddenError("Only a person may change someone's access");
    await setPortalAccess(ctx.db, {
      partnerId: ctx.partner.id,
      actorUserId: ctx.user.id,
      targetUserId: input.userId,
      access: input.access,
      now: ctx.clock(),
    });
    return { ok: true as const };
  }),
};
