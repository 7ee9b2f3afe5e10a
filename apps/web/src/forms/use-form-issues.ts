import type { FieldIssues } from "@kit/db/validators";
import { useEffect, useState } from "react";
import type { MessageId } from "../i18n/i18n";
import { useT } from "../i18n/use-t";
import type { SummaryItem } from "./error-summary";
import { type FieldKind, fieldMessage } from "./field-messages";

export type FieldDescriptions<F extends string> = Record<F, { label: MessageId; kind: FieldKind; required?: boolean }>;

/**
 * A form's refusals: the ones its own check found and the ones the server sent back, in the user's language, with the
 * summary the form shows on top; after each refused submit, focus moves to the first invalid field (whose element id is
 * the field's name). `fields` lists the fields in form order.
 */
export function useFormIssues<F extends string>(fields: FieldDescriptions<F>, serverIssues?: FieldIssues | null) {
  const t = useT();
  const [issues, setIssues] = useState<FieldIssues>({});
  const [attempt, setAttempt] = useState(0);
  const order = Object.keys(fields) as F[];

  // The server's refusal replaces what the form had (each save is judged afresh).
  useEffect(() => {
    if (serverIssues) {
      setIssues(serverIssues);
      setAttempt((n) => n + 1);
    }
  }, [serverIssues]);
  useEffect(() => {
    if (attempt === 0) return;
    const first = order.find((field) => issues[field]?.length);
    if (first) document.getElementById(first)?.focus();
  }, [attempt]);

  const messageOf = (field: F): string | null => {
    const first = issues[field]?.[0];
    return first ? fieldMessage(first, fields[field].kind, t) : null;
  };
  const summary: SummaryItem[] = order.flatMap((field) => {
    const message = messageOf(field);
    return message ? [{ field, label: t(fields[field].label), message }] : [];
  });
  return {
    messageOf,
    summary,
    /** A refused submit: these issues, and focus on the first. */
    refuse(next: FieldIssues) {
      setIssues(next);
      setAttempt((n) => n + 1);
    },
    /** The user changed the field: its message goes. */
    clear(field: F) {
      setIssues(({ [field]: _dropped, ...rest }) => rest);
    },
    reset: () => setIssues({}),
    /** The accessibility attributes of a field's control. */
    controlProps(field: F, hintId?: string) {
      const message = messageOf(field);
      return {
        id: field,
        "aria-invalid": message ? true : undefined,
        "aria-describedby": [message ? `${field}-error` : null, hintId ?? null].filter(Boolean).join(" ") || undefined,
        "aria-required": fields[field].required ? true : undefined,
      } as const;
    },
  };
}
