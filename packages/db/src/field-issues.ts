import type { ZodError } from "zod";

/**
 * Why a field was refused, as data a client words in its user's language (zod's messages are English sentences for
 * developers). `code` is zod's issue code, or `taken` for a value another record already has.
 */
export interface FieldIssue {
  code: string;
  /** `too_small` / `too_big`: the bound, and what it bounds (`string` length, `number`, `array` size). */
  minimum?: number;
  maximum?: number;
  origin?: string;
  /** `invalid_type`: the type the field takes (`int` for a whole number). */
  expected?: string;
}

export type FieldIssues = Record<string, FieldIssue[]>;

const bound = (value: unknown) => (typeof value === "number" || typeof value === "bigint" ? Number(value) : undefined);

/** A zod refusal as issues by top-level field: the same on the server (in the error) and in the form. */
export function fieldIssuesOfZod(error: ZodError): FieldIssues {
  const issues: FieldIssues = {};
  for (const issue of error.issues) {
    const field = issue.path[0];
    if (typeof field !== "string") continue;
    const raw = issue as unknown as Record<string, unknown>;
    const entry: FieldIssue = { code: issue.code };
    const minimum = bound(raw.minimum);
    const maximum = bound(raw.maximum);
    if (minimum !== undefined) entry.minimum = minimum;
    if (maximum !== undefined) entry.maximum = maximum;
    if (typeof raw.origin === "string") entry.origin = raw.origin;
    if (typeof raw.expected === "string") entry.expected = raw.expected;
    issues[field] = [...(issues[field] ?? []), entry];
  }
  return issues;
}
