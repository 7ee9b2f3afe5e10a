import type { ComponentProps } from "react";
import { cn } from "../cn";

/** A placeholder block while data loads; hidden from assistive technology (the region says it is busy). */
export function Skeleton({ className, ...props }: ComponentProps<"div">) {
  return <div aria-hidden="true" className={cn("animate-pulse rounded-md bg-muted", className)} {...props} />;
}
