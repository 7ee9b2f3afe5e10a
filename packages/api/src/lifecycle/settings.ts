import { type Database, partnerSettings } from "@kit/db";
import { emailSchema } from "@kit/db/validators";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { recordAudit } from "./audit";

/**
 * The app's per-installation settings, declared once: the stored document, the form on the settings page and
 * `partners.updateSettings` all follow this schema (defaults for a new partner included). The demo's two: where
 * notifications go, and which bookings the bookings page opens on.
 */
export const settingsSchema = z
  .object({
    notificationEmail: emailSchema.nullable().default(null),
    defaultBookingView: z.enum(["all", "booked", "canceled"]).default("all"),
  })
  .strict();

export type PartnerSettings = z.output<typeof settingsSchema>;
export const DEFAULT_SETTINGS: PartnerSettings = settingsSchema.parse({});

/** The partner's settings: the stored document read through the schema (a field the schema dropped or added is fixed). */
export async function getSettings(db: Pick<Database, "select">, partnerId: string): Promise<PartnerSettings> {
  const [row] = await db.select().from(partnerSettings).where(eq(partnerSettings.partnerId, partnerId));
  if (!row) return DEFAULT_SETTINGS;
  const known = Object.fromEntries(Object.entries(row.settings).filter(([key]) => key in settingsSchema.shape));
  const parsed = settingsSchema.safeParse({ ...DEFAULT_SETTINGS, ...known });
  return parsed.success ? parsed.data : DEFAULT_SETTINGS;
}

/** Saves new settings (already validated by the schema) and records the change with its before and after. */
export async function updateSettings(
  db: Database,
  input: { partnerId: string; userId: string | null; settings: PartnerSettings; now: Date },
): Promise<PartnerSettings> {
  return db.transaction(async (tx) => {
    const before = await getSettings(tx, input.partnerId);
    await tx
      .insert(partnerSettings)
      .values({ partnerId: input.partnerId, settings: input.settings, updatedAt: input.now, updatedByUserId: input.userId })
      .onConflictDoUpdate({
        target: partnerSettings.partnerId,
        set: { settings: input.settings, updatedAt: input.now, updatedByUserId: input.userId },
      });
    await recordAudit(tx, {
      partnerId: input.partnerId,
      actorUserId: input.userId,
      action: "settings.update",
      before,
      after: input.settings,
    });
    return input.settings;
  });
}
