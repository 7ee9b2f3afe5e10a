import { createInsertSchema, createSelectSchema } from "drizzle-zod";
import { z } from "zod";
import { demoRecords, demoStatuses, installationStatuses, partners, partnerUsers, platforms } from "./schema";

/** Every zod schema derived from the tables lives here, so client and server validate with the same rules. */

export const platformSchema = z.enum(platforms);
export const installationStatusSchema = z.enum(installationStatuses);
export const demoStatusSchema = z.enum(demoStatuses);

/** Normalised the way `partner_users.email` is stored: trimmed and lower-cased. */
export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(160, "should be at most 160 character(s)")
  .regex(/^[^\s@]+@[^\s@]+$/, "must have the @ sign and no spaces");

export const appRegistryInstallationSchema = z.object({
  status: installationStatusSchema,
  display_version: z.string().min(1),
  install_id: z.string().min(1),
});

export const apiConfigSchema = z.object({ url: z.string().url().nullable() });

export const isIanaTimezone = (zone: string): boolean => {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};

export const timezoneSchema = z.string().refine(isIanaTimezone, "is not a valid timezone");

export const partnerSelectSchema = createSelectSchema(partners);
export const partnerInsertSchema = createInsertSchema(partners, {
  name: (schema) => schema.min(1, "can't be blank"),
  externalRefid: (schema) => schema.min(1, "can't be blank"),
  timezone: () => timezoneSchema.nullable().optional(),
  appRegistryInstallation: () => appRegistryInstallationSchema.nullable().optional(),
  apiConfig: () => apiConfigSchema.nullable().optional(),
}).omit({ id: true, createdAt: true, updatedAt: true });

export const partnerUserInsertSchema = createInsertSchema(partnerUsers, {
  email: () => emailSchema,
}).omit({ id: true, createdAt: true, updatedAt: true, confirmedAt: true });

export const demoRecordSelectSchema = createSelectSchema(demoRecords);
