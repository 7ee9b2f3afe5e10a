import { requestParentToken } from "./parent-token";
import type { SessionStore } from "./session-store";

export type Refresh = () => Promise<void>;

/**
 * Gets a fresh Peek token from the parent frame and exchanges it for a new app session at `/peek-pro/session`.
 * Concurrent callers share one refresh.
 */
export function createSessionRefresh(options: {
  store: SessionStore;
  win: Window;
  parentOrigin: string | null;
  fetch?: typeof fetch;
  baseUrl?: string;
}): Refresh {
  let inFlight: Promise<void> | null = null;
  const send = options.fetch ?? ((...args: Parameters<typeof fetch>) => fetch(...args));
  const refresh = async () => {
    const peekToken = await requestParentToken({ win: options.win, parentOrigin: options.parentOrigin });
    const response = await send(`${options.baseUrl ?? ""}/peek-pro/session`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ "peek-auth": peekToken }),
    });
    if (!response.ok) {
      options.store.set(null);
      throw new Error(`session exchange failed (HTTP ${response.status})`);
    }
    options.store.set((await response.json()) as { token: string; expiresAt: string });
  };
  return () => {
    inFlight ??= refresh().finally(() => {
      inFlight = null;
    });
    return inFlight;
  };
}
