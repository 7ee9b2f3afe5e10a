import type { HostBridge } from "./host-bridge";
import type { SessionStore } from "./session-store";

export type Refresh = () => Promise<void>;

/**
 * Gets a fresh Peek token from the parent frame and exchanges it for a new app session at `/peek-pro/session`.
 * Concurrent callers share one refresh.
 */
export function createSessionRefresh(options: {
  store: SessionStore;
  host: HostBridge | null;
  fetch?: typeof fetch;
  baseUrl?: string;
  /** The user's language, as the fresh token says it (Peek's `locale` claim). */
  onLocale?: (locale: string | null) => void;
}): Refresh {
  let inFlight: Promise<void> | null = null;
  const send = options.fetch ?? ((...args: Parameters<typeof fetch>) => fetch(...args));
  const refresh = async () => {
    if (!options.host) throw new Error("not embedded in Peek Pro: there is no one to ask for a token");
    const peekToken = await options.host.requestToken();
    const response = await send(`${options.baseUrl ?? ""}/peek-pro/session`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ "peek-auth": peekToken }),
    });
    if (!response.ok) {
      options.store.set(null);
      throw new Error(`session exchange failed (HTTP ${response.status})`);
    }
    const session = (await response.json()) as { token: string; expiresAt: string; locale?: string | null };
    options.store.set(session);
    options.onLocale?.(session.locale ?? null);
  };
  return () => {
    inFlight ??= refresh().finally(() => {
      inFlight = null;
    });
    return inFlight;
  };
}
