import { ToastProvider } from "@kit/ui";
import type { ReactNode } from "react";
import { useT } from "../i18n/use-t";

/** The kit's notices, an error's close button named in the user's language. */
export function AppToasts({ children }: { children: ReactNode }) {
  const t = useT();
  return <ToastProvider closeLabel={t("action.close")}>{children}</ToastProvider>;
}
