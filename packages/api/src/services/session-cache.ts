/** The longest a cached session may be trusted: a sign-out, revocation or uninstall reaches every instance within it. */
export const SESSION_CACHE_MAX_MS = 5_000;

/**
 * Sessions this instance verified in the last `ttlMs`, keyed by the token's hash: the session check of every
 * authenticated call is then a map lookup, not a query. Nothing is shared between instances and nothing is pushed to
 * them (no LISTEN/NOTIFY, which a transaction pooler does not carry): another instance sees a sign-out, a revocation
 * or an uninstall when its entry expires, within `ttlMs` (at most {@link SESSION_CACHE_MAX_MS}). This instance
 * forgets everything at once whenever it writes something a session carries (see {@link SessionCache.clear}), and a
 * lookup that was under way meanwhile is not stored.
 */
export class SessionCache<S extends { expiresAt: Date } = { expiresAt: Date }> {
  readonly #entries = new Map<string, { session: S; until: number }>();
  #generation = 0;

  constructor(
    readonly ttlMs: number,
    readonly maxEntries = 10_000,
  ) {
    if (!(ttlMs >= 0 && ttlMs <= SESSION_CACHE_MAX_MS)) throw new Error(`session cache TTL must be 0–${SESSION_CACHE_MAX_MS} ms`);
  }

  /** The session cached for this token hash, while its entry and the session itself are both unexpired. */
  get(key: string, now: Date): S | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    if (now.getTime() < entry.until) return entry.session;
    this.#entries.delete(key);
    return undefined;
  }

  /**
   * Where this cache stands: taken before the lookup whose result goes to {@link SessionCache.set}, so that a
   * {@link SessionCache.clear} in between (a sign-out committed while the lookup read the session) discards it.
   */
  get generation(): number {
    return this.#generation;
  }

  /** Caches a session looked up at `now`, unless the cache was cleared since `generation` was read. */
  set(key: string, session: S, now: Date, generation: number): void {
    if (this.ttlMs === 0 || generation !== this.#generation) return;
    // Full: the oldest entry goes (a Map iterates in insertion order).
    if (this.#entries.size >= this.maxEntries) this.#entries.delete(this.#entries.keys().next().value as string);
    this.#entries.set(key, { session, until: Math.min(now.getTime() + this.ttlMs, session.expiresAt.getTime()) });
  }

  /** After a write that changes sessions, memberships, users or partners: the next check of every token asks the database. */
  clear(): void {
    this.#entries.clear();
    this.#generation++;
  }

  get size(): number {
    return this.#entries.size;
  }
}
