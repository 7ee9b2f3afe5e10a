import type { FieldIssue, FieldIssues } from "@kit/db/validators";
import { TRPCClientError } from "@trpc/client";
import { i18n, type Translate } from "../i18n/i18n";

/** What a field holds, so a refusal is worded for it ("Enter a date", not "Invalid input: expected string"). */
export type FieldKind = "text" | "integer" | "number" | "decimal" | "date" | "time" | "dateTime" | "email" | "choice" | "list";

/** A bound as a number of the active language: 1,000,000,000 in English, 1.000.000.000 in Spanish (every decimal kept). */
const bound = (value: number | undefined) => new Intl.NumberFormat(i18n.locale, { maximumFractionDigits: 20 }).format(value ?? 0);

/** One refusal of one field, in the user's language. Never zod's own (English, developer-facing) text. */
export function fieldMessage(issue: FieldIssue, kind: FieldKind, t: Translate): string {
  const { code, origin } = issue;
  const minimum = issue.minimum ?? 0;
  const min = bound(issue.minimum);
  const max = bound(issue.maximum);
  const numeric = kind === "integer" || kind === "number" || kind === "decimal";
  switch (code) {
    case "taken":
      return t("form.taken");
    case "grouped": // the form's own: a number written with thousands separators ("1,000")
      return t("form.noSeparators");
    case "too_small":
      if (origin === "string" && minimum <= 1) return t("form.required");
      if (origin === "string") return t("form.tooShort", { min });
      if (origin === "array") return t("form.tooFew", { min });
      return t("form.min", { min });
    case "too_big":
      if (origin === "string") return t("form.tooLong", { max });
      if (origin === "array") return t("form.tooMany", { max });
      return t("form.max", { max });
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
