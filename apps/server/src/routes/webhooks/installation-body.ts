import { installationStatuses, platforms } from "@kit/db";
import { isIanaTimezone } from "@kit/db/validators";
import { z } from "zod";

const blankToNull = (value: unknown) => (typeof value === "string" && value.trim() === "" ? null : value);

/**
 * The App Registry's installation webhook body. Ids are opaque strings (`account.id` may arrive as a number); `status`
 * is read as any string here so that a well-formed delivery with an unknown status can be answered 422 and kept.
 */
export const installationBodySchema = z.object({
  account: z.object({
    id: z.union([z.string().trim().min(1), z.number().int()]).transform(String),
    name: z.string().trim().min(1, "can't be blank"),
    is_test: z.boolean(),
    platform: z.enum(platforms).nullish(),
    timezone: z.preprocess(blankToNull, z.string().refine(isIanaTimezone, "is not a valid timezone").nullish()),
  }),
  api: z.object({ url: z.preprocess(blankToNull, z.url({ protocol: /^https?$/, error: "must be an http(s) URL" }).nullish()) }).nullish(),
  display_version: z.string().trim().min(1, "can't be blank"),
  install_id: z.string().trim().min(1, "can't be blank"),
  modified_by: z.unknown().optional(),
  status: z.string().min(1, "can't be blank"),
});

export type InstallationBody = z.infer<typeof installationBodySchema>;

export const isKnownStatus = (status: string): status is (typeof installationStatuses)[number] =>
  (installationStatuses as readonly string[]).includes(status);

/** `{"account.name": ["can't be blank"], …}`: every field at fault, by path. */
export function fieldErrors(error: z.ZodError): Record<string, string[]> {
  const fields: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const path = issue.path.join(".") || "(body)";
    const message = issue.code === "invalid_type" && issue.input === undefined ? "is required" : issue.message;
    fields[path] = [...(fields[path] ?? []), message];
  }
  return fields;
}
