import type { FieldIssue, FieldIssues } from "@kit/db/validators";
import { TRPCClientError } from "@trpc/client";
import type { Translate } from "../i18n/i18n";

/** What a field holds, so a refusal is worded for it ("Enter a date", not "Invalid input: expected string"). */
export type FieldKind = "text" | "integer" | "number" | "decimal" | "date" | "time" | "dateTime" | "email" | "choice" | "list";

/** One refusal of one field, in the user's language. Never zod's own (English, developer-facing) text. */
export function fieldMessage(issue: FieldIssue, kind: FieldKind, t: Translate): string {
  const { code, minimum, maximum, origin } = issue;
  const numeric = kind === "integer" || kind === "number" || kind === "decimal";
  switch (code) {
    case "taken":
      return t("form.taken");
    case "too_small":
      if (origin === "string" && (minimum ?? 0) <= 1) return t("form.required");
      if (origin === "string") return t("form.tooShort", { min: minimum ?? 0 });
      if (origin === "array") return t("form.tooFew", { min: minimum ?? 0 });
      return t("form.min", { min: minimum ?? 0 });
    case "too_big":
      if (origin === "string") return t("form.tooLong", { max: maximum ?? 0 });
      if (origin === "array") return t("form.tooMany", { max: maximum ?? 0 });
      return t("form.max", { max: maximum ?? 0 });
    case "invalid_type":
      if (issue.expected === "int") return t("form.wholeNumber");
      if (numeric) return t("form.number");
      return t("form.required");
    case "invalid_value":
      return t("form.choose");
    case "invalid_format":
    case "custom":
      return t(
        kind === "decimal"
          ? "form.decimal"
          : kind === "date"
            ? "form.date"
            : kind === "time"
              ? "form.time"
              : kind === "dateTime"
                ? "form.dateTime"
                : kind === "email"
                  ? "form.email"
                  : "form.invalid",
      );
    default:
      return t("form.invalid");
  }
}

/** The field issues the server sent back with a refused save (a duplicate name, a rule the form did not check). */
export function serverFieldIssues(error: unknown): FieldIssues | null {
  if (!(error instanceof TRPCClientError)) return null;
  const issues = (error.data as { fieldIssues?: FieldIssues | null } | undefined)?.fieldIssues;
  return issues && Object.keys(issues).length > 0 ? issues : null;
}
