import type { ComponentProps } from "react";
import { cn } from "../cn";

const field =
  "w-full rounded-md border border-input bg-card px-3 text-sm shadow-sm transition-colors placeholder:text-muted-foreground disabled:cursor-not-allowed disabled:opacity-60 aria-[invalid=true]:border-destructive aria-[invalid=true]:border-2";

export function Input({ className, ...props }: ComponentProps<"input">) {
  return <input className={cn("h-9", field, className)} {...props} />;
}

export function Textarea({ className, ...props }: ComponentProps<"textarea">) {
  return <textarea className={cn("min-h-20 py-2", field, className)} {...props} />;
}

export function NativeSelect({ className, ...props }: ComponentProps<"select">) {
  return <select className={cn("h-9", field, className)} {...props} />;
}

export function Label({ className, ...props }: ComponentProps<"label">) {
  // biome-ignore lint/a11y/noLabelWithoutControl: the caller passes htmlFor or wraps the control
  return <label className={cn("text-sm font-semibold leading-none", className)} {...props} />;
}

export function Checkbox({ className, ...props }: Omit<ComponentProps<"input">, "type">) {
  return <input type="checkbox" className={cn("size-5 rounded border-input accent-primary", className)} {...props} />;
}

/** The message under a form field; linked to it with aria-describedby by the caller. */
export function FieldError({ className, ...props }: ComponentProps<"p">) {
  return <p className={cn("text-sm text-destructive", className)} {...props} />;
}

/** "Required" beside a label: a visible mark, and words for screen readers. */
export function RequiredMark({ label }: { label: string }) {
  return (
    <span className="ml-0.5 text-destructive" title={label}>
      <span aria-hidden="true">*</span>
      <span className="sr-only"> ({label})</span>
    </span>
  );
}
