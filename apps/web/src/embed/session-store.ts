/** The app session token, in memory only: no cookie, no storage (third-party cookies are blocked in the iframe). */
export interface SessionStore {
  get(): { token: string; expiresAt: number } | null;
  set(session: { token: string; expiresAt: string } | null): void;
}

export function createSessionStore(initial: { token: string; expiresAt: string } | null = null): SessionStore {
  let current = initial ? { token: initial.token, expiresAt: Date.parse(initial.expiresAt) } : null;
  return {
    get: () => current,
    set(session) {
      current = session ? { token: session.token, expiresAt: Date.parse(session.expiresAt) } : null;
    },
  };
}
