import { createContext, type ReactNode, useCallback, useContext, useState } from "react";
import { cn } from "../cn";

type Toast = { id: number; message: string; variant: "info" | "error" };
const ToastContext = createContext<(message: string, variant?: Toast["variant"]) => void>(() => {});

let nextId = 1;

/**
 * Short-lived notices (saved, deleted, failed), announced to screen readers through a live region. They appear in the
 * corner of what the user sees, also inside a frame that grows to its content (`.kit-toaster` in the theme).
 */
export function ToastProvider({ children, durationMs = 5000 }: { children: ReactNode; durationMs?: number }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const show = useCallback(
    (message: string, variant: Toast["variant"] = "info") => {
      const id = nextId++;
      setToasts((current) => [...current, { id, message, variant }]);
      setTimeout(() => setToasts((current) => current.filter((t) => t.id !== id)), durationMs);
    },
    [durationMs],
  );
  return (
    <ToastContext.Provider value={show}>
      {children}
      <div aria-live="polite" className="kit-toaster" data-testid="toaster">
        {toasts.map((toast) => (
          <div
            key={toast.id}
            role={toast.variant === "error" ? "alert" : "status"}
            className={cn(
              "pointer-events-auto max-w-sm rounded-md px-4 py-2 text-sm font-semibold shadow-lg",
              toast.variant === "error" ? "bg-destructive text-destructive-foreground" : "bg-foreground text-background",
            )}
          >
            {toast.message}
          </div>
        ))}
      </div>
    </ToastContext.Provider>
  );
}

export const useToast = () => useContext(ToastContext);
