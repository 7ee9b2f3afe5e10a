import { Button, cn } from "@kit/ui";
import {
  type AnchorHTMLAttributes,
  createContext,
  type KeyboardEvent,
  type MouseEvent,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useId,
  useMemo,
  useRef,
  useState,
  useSyncExternalStore,
} from "react";
import { createPortal } from "react-dom";
import { useLocation } from "wouter";
import { useT } from "../i18n/use-t";
import type { LeaveGuard } from "./leave-guard";

const GuardContext = createContext<LeaveGuard | null>(null);

/**
 * An in-app navigation asks the next page's heading to take the keyboard's focus, so that a screen reader announces the
 * page it landed on. A first load and a redirect do not ask.
 */
export interface FocusRequest {
  /** Asks the heading of the page at the next address (not `from`, where the user is) to take the focus. */
  request(from: string): void;
  /** Whether the heading of the page at `location` takes the focus: true once after a request, once the address changed. */
  take(location: string): boolean;
}
const FocusRequestContext = createContext<FocusRequest | null>(null);

function useFocusRequestState(): FocusRequest {
  /** The address the request was made from, while one is pending. */
  const from = useRef<string | null>(null);
  useEffect(() => {
    // The user acted before the new page's heading arrived (typed, clicked elsewhere): the focus stays theirs.
    const cancel = () => {
      from.current = null;
    };
    document.addEventListener("keydown", cancel, true);
    document.addEventListener("pointerdown", cancel, true);
    return () => {
      document.removeEventListener("keydown", cancel, true);
      document.removeEventListener("pointerdown", cancel, true);
    };
  }, []);
  return useMemo(
    () => ({
      request(location) {
        from.current = location;
      },
      take(location) {
        if (from.current === null || from.current === location) return false;
        from.current = null;
        return true;
      },
    }),
    [],
  );
}

export function NavigationProvider({ guard, children }: { guard: LeaveGuard; children: ReactNode }) {
  const [location] = useLocation();
  useEffect(() => guard.setCurrentUrl(location + window.location.search), [guard, location]);
  const focusRequest = useFocusRequestState();
  return (
    <GuardContext.Provider value={guard}>
      <FocusRequestContext.Provider value={focusRequest}>
        {children}
        <LeaveDialog guard={guard} />
      </FocusRequestContext.Provider>
    </GuardContext.Provider>
  );
}

/** The pending focus request of in-app navigations (null outside the app's navigation: nothing asks). */
export const useFocusRequest = () => useContext(FocusRequestContext);

const useGuard = () => {
  const guard = useContext(GuardContext);
  if (!guard) throw new Error("NavigationProvider is missing");
  return guard;
};

/**
 * In-app navigation: through the router (the page never reloads, so it never leaves Peek Pro's frame) and past the
 * unsaved-changes guard. The new page's heading then takes the focus, except after a `replace` (a redirect, not a page
 * the user went to).
 */
export function useAppNavigate(): (to: string, options?: { replace?: boolean }) => void {
  const [location, navigate] = useLocation();
  const here = useRef(location);
  useEffect(() => {
    here.current = location;
  }, [location]);
  const guard = useGuard();
  const requestFocus = useFocusRequest()?.request;
  return useCallback(
    (to, options) =>
      guard.attempt(() => {
        if (!options?.replace) requestFocus?.(here.current);
        navigate(to, options);
        window.scrollTo?.(0, 0);
      }),
    [guard, navigate, requestFocus],
  );
}

/**
 * Guards an action that leaves what the page shows behind without navigating (the portal's partner switch): it runs
 * now, or after the user agrees to leave unsaved changes.
 */
export function useGuardedAction(): (proceed: () => void) => void {
  const guard = useGuard();
  return useCallback((proceed) => guard.attempt(proceed), [guard]);
}

/** Marks the page's form dirty (or clean) for the leave guard; clean again when the page goes. */
export function useLeaveGuard(): (dirty: boolean) => void {
  const guard = useGuard();
  useEffect(() => () => guard.setDirty(false), [guard]);
  return useCallback(
    (dirty: boolean) => {
      // Fetched ahead of the question; a failure is not fatal: the question fetches it again, or asks without it.
      if (dirty) loadLeaveDialog().catch(() => undefined);
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

type LeaveDialogModule = typeof import("./leave-dialog");
let leaveDialog: LeaveDialogModule | null = null;
let leaveDialogLoading: Promise<LeaveDialogModule> | null = null;

/**
 * The leave question's dialog is its own chunk: loaded when a form first becomes dirty, not with the first page. A fetch
 * that failed (offline, or the app was deployed again and the old file is gone) is forgotten, so the next one tries again.
 */
function loadLeaveDialog(): Promise<LeaveDialogModule> {
  leaveDialogLoading ??= import("./leave-dialog").then(
    (module) => {
      leaveDialog = module;
      return module;
    },
    (error: unknown) => {
      leaveDialogLoading = null;
      throw error;
    },
  );
  return leaveDialogLoading;
}

/**
 * The leave question while one is pending. Its chunk is fetched (once more if it failed); when it cannot be, the same
 * question is asked by {@link PlainLeaveQuestion}, so a missing file never unmounts the app or loses what was typed.
 */
function LeaveDialog({ guard }: { guard: LeaveGuard }) {
  const open = useSyncExternalStore(guard.subscribe, () => guard.pending() !== null);
  const [chunk, setChunk] = useState<"loading" | "loaded" | "failed">("loading");
  useEffect(() => {
    if (!open) return setChunk("loading"); // each question tries the chunk again
    if (leaveDialog) return;
    let current = true;
    loadLeaveDialog()
      .catch(() => loadLeaveDialog())
      .then(
        () => current && setChunk("loaded"),
        () => current && setChunk("failed"),
      );
    return () => {
      current = false;
    };
  }, [open]);
  const loaded = leaveDialog;
  if (!open) return null;
  if (loaded) return <loaded.LeaveDialog guard={guard} />;
  return chunk === "failed" ? <PlainLeaveQuestion guard={guard} /> : null;
}

/**
 * "Leave without saving?" without the dialog's chunk: the same words and answers in a plain modal of the first file,
 * placed like the kit's dialogs (`.kit-dialog`, inside the visible part of Peek Pro's frame). Focus starts on Stay and
 * stays within the question; Escape stays.
 */
function PlainLeaveQuestion({ guard }: { guard: LeaveGuard }) {
  const t = useT();
  const id = useId();
  const stay = useRef<HTMLButtonElement>(null);
  const leave = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const before = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    stay.current?.focus();
    return () => before?.focus();
  }, []);
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === "Escape") {
      event.preventDefault();
      guard.answer(false);
    } else if (event.key === "Tab") {
      event.preventDefault();
      (document.activeElement === stay.current ? leave : stay).current?.focus();
    }
  };
  return createPortal(
    <>
      <div className="fixed inset-0 z-[2000] bg-[var(--overlay)]" aria-hidden="true" />
      <div
        role="dialog"
        aria-modal="true"
        aria-labelledby={`${id}-title`}
        aria-describedby={`${id}-body`}
        className="kit-dialog z-[2000] grid w-[calc(100%-2rem)] max-w-md gap-4 rounded-lg border border-border bg-card p-5 text-card-foreground shadow-lg"
        onKeyDown={onKeyDown}
      >
        <h2 id={`${id}-title`} className="text-base font-semibold">
          {t("leave.title")}
        </h2>
        <p id={`${id}-body`} className="text-sm text-muted-foreground">
          {t("leave.body")}
        </p>
        <div className="flex flex-wrap justify-end gap-2">
          <Button ref={stay} variant="outline" onClick={() => guard.answer(false)}>
            {t("leave.stay")}
          </Button>
          <Button ref={leave} variant="destructive" onClick={() => guard.answer(true)}>
            {t("leave.leave")}
          </Button>
        </div>
      </div>
    </>,
    document.body,
  );
}
