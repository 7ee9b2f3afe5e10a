import { type FieldIssues, fieldIssuesOfZod } from "@kit/db/validators";
import type { ZodError } from "zod";
import { ConflictError } from "./errors";

export type { FieldIssue, FieldIssues } from "@kit/db/validators";

/** The field issues of a refused input or of a uniqueness conflict (`taken`); null for other errors. */
export function fieldIssuesOf(cause: unknown, zodError: ZodError | null): FieldIssues | null {
  if (cause instanceof ConflictError) {
    return Object.fromEntries(Object.keys(cause.fieldErrors).map((field) => [field, [{ code: "taken" }]]));
  }
  return zodError ? fieldIssuesOfZod(zodError) : null;
}
