import { cva, type VariantProps } from "class-variance-authority";
import type { ComponentProps } from "react";
import { cn } from "../cn";

const alertVariants = cva("rounded-lg border p-4 text-sm", {
  variants: {
    variant: {
      default: "border-border bg-card text-card-foreground",
      destructive: "border-destructive/50 bg-danger-surface text-foreground [&_[data-alert-title]]:text-destructive",
      info: "border-primary/40 bg-info-surface text-foreground",
      warning: "border-warning/50 bg-warning-surface text-foreground",
    },
  },
  defaultVariants: { variant: "default" },
});

export function Alert({ className, variant, ...props }: ComponentProps<"div"> & VariantProps<typeof alertVariants>) {
  return <div role={variant === "info" ? "status" : "alert"} className={cn(alertVariants({ variant }), className)} {...props} />;
}

export function AlertTitle({ className, ...props }: ComponentProps<"p">) {
  return <p data-alert-title="" className={cn("mb-1 font-semibold", className)} {...props} />;
}
