import type { z } from "zod";

/** `{"account.name": ["can't be blank"], …}`: every field at fault, by path. */
export function fieldErrorsOf(error: z.ZodError): Record<string, string[]> {
  const fields: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const path = issue.path.join(".") || "(body)";
    const message = issue.code === "invalid_type" && issue.input === undefined ? "is required" : issue.message;
    fields[path] = [...(fields[path] ?? []), message];
  }
  return fields;
}
