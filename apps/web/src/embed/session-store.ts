/** The app session token, in memory only: no cookie, no storage (third-party cookies are blocked in the iframe). */
export interface SessionStore {
  /** The session, with when this page received it (to know its lifetime). */
  get(): { token: string; expiresAt: number; receivedAt: number } | null;
  set(session: { token: string; expiresAt: string } | null): void;
}

export function createSessionStore(
  initial: { token: string; expiresAt: string } | null = null,
  now: () => number = Date.now,
): SessionStore {
  const stored = (session: { token: string; expiresAt: string }) => ({
    token: session.token,
    expiresAt: Date.parse(session.expiresAt),
    receivedAt: now(),
  });
  let current = initial ? stored(initial) : null;
  return {
    get: () => current,
    set(session) {
      current = session ? stored(session) : null;
    },
  };
}
