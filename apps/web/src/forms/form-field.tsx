import { FieldError, Label, RequiredMark } from "@kit/ui";
import type { ReactNode } from "react";
import { useT } from "../i18n/use-t";

/** A labelled field: the label (marked when required), the control, a hint, and the field's message under it. */
export function FormField({
  id,
  label,
  required,
  hint,
  error,
  children,
}: {
  id: string;
  label: string;
  required?: boolean | undefined;
  hint?: string;
  error: string | null;
  children: ReactNode;
}) {
  const t = useT();
  return (
    <div className="space-y-1.5">
      <Label htmlFor={id}>
        {label}
        {required && <RequiredMark label={t("form.requiredMark")} />}
      </Label>
      {children}
      {hint && (
        <p id={`${id}-hint`} className="text-sm text-muted-foreground">
          {hint}
        </p>
      )}
      {error && <FieldError id={`${id}-error`}>{error}</FieldError>}
    </div>
  );
}
