/** The longest a cached session may be trusted: a sign-out, revocation or uninstall reaches every instance within it. */
export const SESSION_CACHE_MAX_MS = 5_000;

/** What the cache needs of a session: when it ends, and the partner it is for. */
export interface CacheableSession {
  expiresAt: Date;
  partner: { id: string };
}

/**
 * Sessions this instance verified in the last `ttlMs`, keyed by the token's hash: the session check of every
 * authenticated call is then a map lookup, not a query. Nothing is shared between instances and nothing is pushed to
 * them (no LISTEN/NOTIFY, which a transaction pooler does not carry): another instance sees a sign-out, a revocation
 * or an uninstall when its entry expires, within `ttlMs` (at most {@link SESSION_CACHE_MAX_MS}).
 *
 * This instance forgets what a write of its own changed: everything after a write that may touch any session
 * ({@link SessionCache.clear}), one partner's sessions after a write that touches only that partner
 * ({@link SessionCache.clearPartner}: an installation delivery, a save of the partner's own records). A lookup that was
 * under way meanwhile is not stored.
 */
export class SessionCache<S extends CacheableSession = CacheableSession> {
  /** Each entry with the {@link SessionCache.generation} it was stored at. */
  readonly #entries = new Map<string, { session: S; until: number; storedAt: number }>();
  /** Counts the clears of either kind: a lookup notes it before it starts, and is stored only if not cleared since. */
  #generation = 0;
  /** The generation of the last {@link SessionCache.clear}. */
  #clearedAll = 0;
  /** The generation at which each partner was last cleared, since the last {@link SessionCache.clear}. */
  readonly #clearedPartners = new Map<string, number>();

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
    if (now.getTime() < entry.until && !this.#clearedSince(entry.session, entry.storedAt)) return entry.session;
    this.#entries.delete(key);
    return undefined;
  }

  /**
   * Where this cache stands: taken before the lookup whose result goes to {@link SessionCache.set}, so that a clear in
   * between (a sign-out or an uninstall committed while the lookup read the session) discards it.
   */
  get generation(): number {
    return this.#generation;
  }

  /** Caches a session looked up at `now`, unless it was cleared (all, or its partner) since `generation` was read. */
  set(key: string, session: S, now: Date, generation: number): void {
    if (this.ttlMs === 0 || this.#clearedSince(session, generation)) return;
    // Full: the oldest entry goes (a Map iterates in insertion order).
    if (this.#entries.size >= this.maxEntries) this.#entries.delete(this.#entries.keys().next().value as string);
    this.#entries.set(key, {
      session,
      until: Math.min(now.getTime() + this.ttlMs, session.expiresAt.getTime()),
      storedAt: this.#generation,
    });
  }

  /** After a write that may change any session, membership or user: the next check of every token asks the database. */
  clear(): void {
    this.#entries.clear();
    this.#clearedPartners.clear();
    this.#generation++;
    this.#clearedAll = this.#generation;
  }

  /**
   * After a write that changes one partner only (its status, its zone, its sessions on an uninstall): the next check
   * of a token of that partner asks the database; the other partners' entries stay. Their entries are dropped when
   * next read, so this is constant time whatever the cache holds.
   */
  clearPartner(partnerId: string): void {
    // The marks are kept until the next full clear: bounded like the entries, by a full clear when there are too many.
    if (!this.#clearedPartners.has(partnerId) && this.#clearedPartners.size >= this.maxEntries) {
      this.clear();
      return;
    }
    this.#generation++;
    this.#clearedPartners.set(partnerId, this.#generation);
  }

  /** Whether the session was cleared (all, or its partner) after `generation`. */
  #clearedSince(session: S, generation: number): boolean {
    return this.#clearedAll > generation || (this.#clearedPartners.get(session.partner.id) ?? 0) > generation;
  }

  get size(): number {
    return this.#entries.size;
  }
}
