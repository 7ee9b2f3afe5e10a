import { cn } from "@kit/ui";
import {
  type AnchorHTMLAttributes,
  createContext,
  lazy,
  type MouseEvent,
  type ReactNode,
  Suspense,
  useCallback,
  useContext,
  useEffect,
  useSyncExternalStore,
} from "react";
import { useLocation } from "wouter";
import type { LeaveGuard } from "./leave-guard";

const GuardContext = createContext<LeaveGuard | null>(null);

export function NavigationProvider({ guard, children }: { guard: LeaveGuard; children: ReactNode }) {
  const [location] = useLocation();
  useEffect(() => guard.setCurrentUrl(location + window.location.search), [guard, location]);
  return (
    <GuardContext.Provider value={guard}>
      {children}
      <LeaveDialog guard={guard} />
    </GuardContext.Provider>
  );
}

const useGuard = () => {
  const guard = useContext(GuardContext);
  if (!guard) throw new Error("NavigationProvider is missing");
  return guard;
};

/**
 * In-app navigation: through the router (the page never reloads, so it never leaves Peek Pro's frame) and past the
 * unsaved-changes guard.
 */
export function useAppNavigate(): (to: string, options?: { replace?: boolean }) => void {
  const [, navigate] = useLocation();
  const guard = useGuard();
  return useCallback(
    (to, options) =>
      guard.attempt(() => {
        navigate(to, options);
        window.scrollTo?.(0, 0);
      }),
    [guard, navigate],
  );
}

/** Marks the page's form dirty (or clean) for the leave guard; clean again when the page goes. */
export function useLeaveGuard(): (dirty: boolean) => void {
  const guard = useGuard();
  useEffect(() => () => guard.setDirty(false), [guard]);
  return useCallback(
    (dirty: boolean) => {
      if (dirty) void loadLeaveDialog();
      guard.setDirty(dirty);
    },
    [guard],
  );
}

const isModified = (event: MouseEvent) => event.metaKey || event.ctrlKey || event.shiftKey || event.altKey || event.button !== 0;

/**
 * The only way to link to an app page: a real `<a href>` (open in a new tab works, screen readers read a link) whose
 * click the router handles. A plain `<a href="/…">` to an app route would reload the page, which inside Peek Pro's frame
 * means a navigation Peek did not start. `data-app-link` lets the browser suite check that every link is one of these.
 */
export function AppLink({
  to,
  replace,
  className,
  children,
  onClick,
  ...props
}: Omit<AnchorHTMLAttributes<HTMLAnchorElement>, "href"> & { to: string; replace?: boolean; children: ReactNode }) {
  const navigate = useAppNavigate();
  return (
    <a
      {...props}
      href={to}
      data-app-link=""
      className={cn(className)}
      onClick={(event) => {
        onClick?.(event);
        if (event.defaultPrevented || isModified(event)) return;
        event.preventDefault();
        navigate(to, replace ? { replace } : undefined);
      }}
    >
      {children}
    </a>
  );
}

/** The leave question's dialog is its own chunk: loaded when a form first becomes dirty, not with the first page. */
const loadLeaveDialog = () => import("./leave-dialog");
const LeaveDialogChunk = lazy(() => loadLeaveDialog().then((m) => ({ default: m.LeaveDialog })));

function LeaveDialog({ guard }: { guard: LeaveGuard }) {
  const open = useSyncExternalStore(guard.subscribe, () => guard.pending() !== null);
  return open ? (
    <Suspense fallback={null}>
      <LeaveDialogChunk guard={guard} />
    </Suspense>
  ) : null;
}
