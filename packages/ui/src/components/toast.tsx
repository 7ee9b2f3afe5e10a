import { createContext, type ReactNode, useCallback, useContext, useState } from "react";
import { cn } from "../cn";

type Toast = { id: number; message: string; variant: "info" | "error" };
const ToastContext = createContext<(message: string, variant?: Toast["variant"]) => void>(() => {});

let nextId = 1;

/** Short-lived notices (saved, deleted, failed), announced to screen readers through a polite live region. */
export function ToastProvider({ children, durationMs = 4000 }: { children: ReactNode; durationMs?: number }) {
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
      <div aria-live="polite" className="pointer-events-none fixed bottom-4 right-4 z-50 flex flex-col gap-2">
        {toasts.map((toast) => (
          <div
            key={toast.id}
            role={toast.variant === "error" ? "alert" : "status"}
            className={cn(
              "pointer-events-auto rounded-md px-4 py-2 text-sm shadow-lg",
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
