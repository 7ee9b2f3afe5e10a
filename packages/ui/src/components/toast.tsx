import { createContext, type ReactNode, useCallback, useContext, useRef, useState } from "react";

type Toast = { id: number; message: string; variant: "info" | "error" };
const ToastContext = createContext<(message: string, variant?: Toast["variant"]) => void>(() => {});

let nextId = 1;
const MAX_ERRORS = 3;

/**
 * Notices (saved, deleted, failed), announced to screen readers through a live region. They appear in the corner of
 * what the user sees, also inside a frame that grows to its content (`.kit-toaster` in the theme). An info notice goes
 * after `durationMs`; an error stays until the user closes it (it may say what to do, or a request id to quote), with a
 * close button named `closeLabel` (in the user's language). The same error twice is shown once.
 */
export function ToastProvider({
  children,
  durationMs = 5000,
  closeLabel = "Close",
}: {
  children: ReactNode;
  durationMs?: number;
  closeLabel?: string;
}) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  /** Where the keyboard was before it reached a close button: it goes back there when the notice closes. */
  const returnFocus = useRef<HTMLElement | null>(null);
  const dismiss = useCallback((id: number) => setToasts((current) => current.filter((t) => t.id !== id)), []);
  const show = useCallback(
    (message: string, variant: Toast["variant"] = "info") => {
      const id = nextId++;
      setToasts((current) => {
        const kept = current.filter((t) => !(variant === "error" && t.variant === "error" && t.message === message));
        // At most MAX_ERRORS error notices stay: the oldest goes, so they never pile up over the page.
        const errors = kept.filter((t) => t.variant === "error");
        const dropped = variant === "error" && errors.length >= MAX_ERRORS ? errors.slice(0, errors.length - MAX_ERRORS + 1) : [];
        return [...kept.filter((t) => !dropped.includes(t)), { id, message, variant }];
      });
      if (variant !== "error") setTimeout(() => dismiss(id), durationMs);
    },
    [durationMs, dismiss],
  );
  return (
    <ToastContext.Provider value={show}>
      {children}
      <div aria-live="polite" className="kit-toaster" data-testid="toaster">
        {toasts.map((toast) =>
          toast.variant === "error" ? (
            <div
              key={toast.id}
              className="pointer-events-auto flex max-w-sm items-start gap-2 rounded-md bg-destructive py-2 pr-2 pl-4 text-sm font-semibold text-destructive-foreground shadow-lg"
            >
              <div role="alert" className="py-0.5">
                {toast.message}
              </div>
              <button
                type="button"
                aria-label={closeLabel}
                title={closeLabel}
                className="inline-flex size-6 flex-none items-center justify-center rounded-sm hover:bg-destructive-foreground/15"
                onFocus={(event) => {
                  const from = event.relatedTarget;
                  if (from instanceof HTMLElement && !from.closest(".kit-toaster")) returnFocus.current = from;
                }}
                onClick={() => {
                  dismiss(toast.id);
                  if (returnFocus.current?.isConnected) returnFocus.current.focus();
                  returnFocus.current = null;
                }}
              >
                <span aria-hidden="true">×</span>
              </button>
            </div>
          ) : (
            <div
              key={toast.id}
              role="status"
              className="pointer-events-auto max-w-sm rounded-md bg-foreground px-4 py-2 text-sm font-semibold text-background shadow-lg"
            >
              {toast.message}
            </div>
          ),
        )}
      </div>
    </ToastContext.Provider>
  );
}

export const useToast = () => useContext(ToastContext);
