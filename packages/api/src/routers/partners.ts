import { listPartnerActivities } from "../services/partner-activities";
import { listPartnersOfUser } from "../services/partners";
import { partnerProcedure, router } from "../trpc";

export const partnersRouter = router({
  /** Who is signed in, for which partner, and which other partners they may switch to. */
  me: partnerProcedure.query(async ({ ctx }) => {
    const { user, partner } = ctx;
    const all = await listPartnersOfUser(ctx.db, user.id);
    return {
      user: { id: user.id, email: user.email, name: user.name },
      partner: {
        id: partner.id,
        name: partner.name,
        platform: partner.platform,
        isTest: partner.isTest,
        installation: partner.appRegistryInstallation
          ? { status: partner.appRegistryInstallation.status, displayVersion: partner.appRegistryInstallation.display_version }
          : null,
      },
      partners: all.map((p) => ({ id: p.id, name: p.name, platform: p.platform })),
    };
  }),

  /** The partner's activities, read from Peek through its SDK; degrades to a reason when Peek cannot be reached. */
  activities: partnerProcedure.query(({ ctx }) => listPartnerActivities(ctx.partner, ctx.peekAccess)),
});
