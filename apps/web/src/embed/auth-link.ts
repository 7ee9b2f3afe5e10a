import type { AppRouter } from "@kit/api";
import type { TRPCClientError, TRPCLink } from "@trpc/client";
import { observable } from "@trpc/server/observable";
import type { Refresh } from "./session-refresh";
import type { SessionStore } from "./session-store";

/** Refresh this long before the session expires, so requests do not fail first. */
export const REFRESH_BEFORE_EXPIRY_MS = 60_000;

/** A minute ahead, or a third of the session's lifetime when it is short (a 10 s session is not refreshed on every call). */
export const refreshMargin = (session: { expiresAt: number; receivedAt: number }) =>
  Math.min(REFRESH_BEFORE_EXPIRY_MS, (session.expiresAt - session.receivedAt) / 3);

const isUnauthorized = (error: TRPCClientError<AppRouter>) => error.data?.code === "UNAUTHORIZED" || error.data?.httpStatus === 401;

/**
 * Keeps the session fresh around every call: refreshes shortly before expiry, and on UNAUTHORIZED refreshes once and
 * retries the call once. The Bearer header itself is added by the terminating link from the same store.
 */
export function sessionRefreshLink(options: { store: SessionStore; refresh: Refresh; now?: () => number }): TRPCLink<AppRouter> {
  const now = options.now ?? Date.now;
  return () =>
    ({ op, next }) =>
      observable((observer) => {
        let subscription: { unsubscribe(): void } | null = null;
        let cancelled = false;
        const run = (retried: boolean) => {
          subscription = next(op).subscribe({
            next: (value) => observer.next(value),
            complete: () => observer.complete(),
            error: (error) => {
              if (retried || cancelled || !isUnauthorized(error)) {
                observer.error(error);
                return;
              }
              options
                .refresh()
                .then(() => !cancelled && run(true))
                .catch(() => observer.error(error));
            },
          });
        };
        const session = options.store.get();
        if (session && session.expiresAt - now() < refreshMargin(session)) {
          options
            .refresh()
            .catch(() => undefined) // the call goes on; a 401 gets its own refresh and retry
            .then(() => !cancelled && run(false));
        } else {
          run(false);
        }
        return () => {
          cancelled = true;
          subscription?.unsubscribe();
        };
      });
}
