import { createInsertSchema, createSelectSchema } from "drizzle-zod";
import { z } from "zod";
import { demoRecords, demoStatuses, installationStatuses, partners, partnerUsers, platforms } from "./schema";
import { textSchema } from "./text-schema";
import { isRealDate } from "./validators-date";

/** Every zod schema derived from the tables lives here, so client and server validate with the same rules. */

export const platformSchema = z.enum(platforms);
export const installationStatusSchema = z.enum(installationStatuses);
export const demoStatusSchema = z.enum(demoStatuses);

export { noNul, textSchema } from "./text-schema";

/** Normalised the way `partner_users.email` is stored (as `normaliseEmail` in @kit/peek): NFC, trimmed and lower-cased. */
export const emailSchema = textSchema()
  .normalize("NFC")
  .trim()
  .toLowerCase()
  .max(160, "should be at most 160 character(s)")
  .regex(/^[^\s@]+@[^\s@]+$/, "must have the @ sign and no spaces");

export const appRegistryInstallationSchema = /* @__PURE__ */ (() =>
  z.object({
    status: installationStatusSchema,
    display_version: z.string().min(1),
    install_id: z.string().min(1),
  }))();

export const apiConfigSchema = /* @__PURE__ */ (() => z.object({ url: z.string().url().nullable() }))();

export const isIanaTimezone = (zone: string): boolean => {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};

export const timezoneSchema = z.string().refine(isIanaTimezone, "is not a valid timezone");

// The schemas below are for apps built on the kit: nothing in the kit uses them. Each is built in a function call marked
// pure, so a bundle that does not use one (the server's, the web app's) leaves it out instead of building it at every
// start (drizzle-zod's calls are not marked pure themselves).
export const partnerSelectSchema = /* @__PURE__ */ (() => createSelectSchema(partners))();
export const partnerInsertSchema = /* @__PURE__ */ (() =>
  createInsertSchema(partners, {
    name: (schema) => schema.min(1, "can't be blank"),
    externalRefid: (schema) => schema.min(1, "can't be blank"),
    timezone: () => timezoneSchema.nullable().optional(),
    appRegistryInstallation: () => appRegistryInstallationSchema.nullable().optional(),
    apiConfig: () => apiConfigSchema.nullable().optional(),
  }).omit({ id: true, createdAt: true, updatedAt: true }))();

export const partnerUserInsertSchema = /* @__PURE__ */ (() =>
  createInsertSchema(partnerUsers, {
    email: () => emailSchema,
  }).omit({ id: true, createdAt: true, updatedAt: true, confirmedAt: true }))();

export const demoRecordSelectSchema = /* @__PURE__ */ (() => createSelectSchema(demoRecords))();

const TIME = /^([01]\d|2[0-3]):[0-5]\d:[0-5]\d$/;
const optional = <T extends z.ZodType>(schema: T) => schema.nullish().transform((value) => value ?? null);

/**
 * A demo record as the form and the API take it (camelCase, exact wire types): derived from the `demo_records` table,
 * with the rules the table cannot say. Shared by the tRPC procedures and the web form.
 */
export const demoRecordInputSchema = createInsertSchema(demoRecords, {
  name: () => textSchema().trim().min(1, "can't be blank").max(200, "should be at most 200 character(s)"),
  description: () => optional(textSchema().max(10_000, "should be at most 10000 character(s)")),
  count: () =>
    optional(
      z
        .number()
        .int("must be a whole number")
        .min(-2_147_483_648, "must be at least -2147483648")
        .max(2_147_483_647, "must be at most 2147483647"),
    ),
  rating: () => optional(z.number().min(-1e9, "must be at least -1000000000").max(1e9, "must be at most 1000000000")),
  price: () => optional(z.string().regex(/^-?\d{1,13}(\.\d{1,2})?$/, "must be a decimal such as 12.50")),
  active: () => z.boolean().default(false),
  tags: () => optional(z.array(textSchema().trim().min(1, "can't be blank").max(50)).max(20, "at most 20 tags")),
  publishedOn: () =>
    optional(
      z
        .string()
        .regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date YYYY-MM-DD")
        .refine(isRealDate, "is not a real date"),
    ),
  alarmTime: () => optional(z.string().regex(TIME, "must be a time HH:MM:SS")),
  naiveEventAt: () =>
    optional(
      z
        .string()
        .regex(/^\d{4}-\d{2}-\d{2}T([01]\d|2[0-3]):[0-5]\d:[0-5]\d$/, "must be a date and time YYYY-MM-DDTHH:MM:SS")
        .refine(isRealDate, "is not a real date"),
    ),
  status: () => demoStatusSchema,
})
  .omit({ id: true, partnerId: true, createdAt: true, updatedAt: true })
  .strict();

export type DemoRecordInput = z.input<typeof demoRecordInputSchema>;

/** A calendar date, `YYYY-MM-DD`, that exists (years 1–9999). */
export { isRealDate, localDateSchema } from "./validators-date";

/**
 * A Peek booking id, in either of Peek's spellings (`B-ABC123` as people read it, `b_abc123` as the API uses it):
 * normalised the way Peek's SDK does (lower case, `-` → `_`).
 */
export const bookingIdSchema = textSchema()
  .trim()
  .max(100, "should be at most 100 character(s)")
  .transform((id) => id.toLowerCase().replace(/-/g, "_"))
  .refine((id) => /^[a-z][a-z0-9_]*$/.test(id), "must be a Peek booking id such as B-ABC123 or b_abc123");

export const bookingStatusFilters = ["booked", "canceled", "checked_in", "no_show"] as const;
export type DemoRecordValues = z.output<typeof demoRecordInputSchema>;
export { type FieldIssue, type FieldIssues, fieldIssuesOfZod } from "./field-issues";
