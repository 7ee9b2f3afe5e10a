/**
 * The unsaved-changes guard: one per page, outside React so the history listener installed before the router sees a
 * back/forward first. A form marks itself dirty; every in-app navigation, the browser's back button and closing the
 * tab then ask first. The question is asked by the app's own dialog (inside the visible part of the frame), never by
 * `window.confirm`, which Peek Pro's frame would show at the top of a long page.
 */
export interface LeaveGuard {
  isDirty(): boolean;
  setDirty(dirty: boolean): void;
  /** Runs `proceed` now, or after the user agrees to leave unsaved changes. */
  attempt(proceed: () => void): void;
  /** The question's state, for the dialog that asks it. */
  subscribe(listener: () => void): () => void;
  pending(): (() => void) | null;
  answer(leave: boolean): void;
  /** Where the app is (kept by the router), so a guarded back button can return there. */
  setCurrentUrl(url: string): void;
  currentUrl(): string;
}

export function createLeaveGuard(): LeaveGuard {
  let dirty = false;
  let waiting: (() => void) | null = null;
  let currentUrl = "";
  const listeners = new Set<() => void>();
  const emit = () => {
    for (const listener of listeners) listener();
  };
  return {
    isDirty: () => dirty,
    setDirty(value) {
      dirty = value;
    },
    attempt(proceed) {
      if (!dirty) return proceed();
      waiting = proceed;
      emit();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    pending: () => waiting,
    answer(leave) {
      const proceed = waiting;
      waiting = null;
      if (leave && proceed) {
        dirty = false;
        proceed();
      }
      emit();
    },
    setCurrentUrl(url) {
      currentUrl = url;
    },
    currentUrl: () => currentUrl,
  };
}

/**
 * Back and forward while a form is dirty: the router never hears the `popstate` (this listener runs first), the
 * address goes back to the form, and the guard asks; leaving then goes where the user wanted. Closing or reloading the
 * tab gets the browser's own question. Install before the router renders.
 */
export function installHistoryGuard(win: Window, guard: LeaveGuard, go: (url: string) => void): () => void {
  const onPopState = (event: PopStateEvent) => {
    if (!guard.isDirty()) return;
    const wanted = win.location.pathname + win.location.search;
    const here = guard.currentUrl();
    // A jump within the page (the skip link's `#main`, or back over one) changes only the fragment: not leaving.
    if (wanted === here) return;
    event.stopImmediatePropagation();
    if (here) win.history.pushState(win.history.state, "", here);
    guard.attempt(() => go(wanted));
  };
  const onBeforeUnload = (event: BeforeUnloadEvent) => {
    if (!guard.isDirty()) return;
    event.preventDefault();
    event.returnValue = "";
  };
  win.addEventListener("popstate", onPopState);
  win.addEventListener("beforeunload", onBeforeUnload);
  return () => {
    win.removeEventListener("popstate", onPopState);
    win.removeEventListener("beforeunload", onBeforeUnload);
  };
}
