/**
 * TLS sessions for resumption, one per origin key (the key Node's `https.Agent` builds, which
 * includes the servername and the TLS options), least recently used evicted first. Node's own
 * cache is first-in-first-out, so its busiest origin is the first to lose its session.
 * An entry lives no longer than the server said it would resume it.
 *
 * Memory is spent only on sessions stored: the bound is lru-cache's `maxSize` with a size of 1
 * per session, not its `max`, which allocates arrays of `max` slots at construction (at
 * `maxCachedSessions: 1e7` that is 160 MB before the first handshake, and at 2^31 − 1 more than
 * a process can hold). `Infinity`, and any integer beyond `Number.MAX_SAFE_INTEGER`, is unbounded.
 * So that an unbounded cache does not keep sessions that have expired for origins never
 * contacted again, expired entries are purged each time the cache has doubled in size since
 * the last purge (amortised O(1) per session stored).
 */
export declare class TlsSessionCache {
    private readonly cache;
    /** The size at which expired entries are purged next. */
    private purgeAt;
    /** @param max sessions kept: an integer ≥ 0 or `Infinity`; 0 turns session reuse off. */
    constructor(max: number);
    /** The session to offer for `key`; using it makes it the most recently used. */
    get(key: string): Buffer | undefined;
    /** Looks without changing the order. */
    peek(key: string): Buffer | undefined;
    /** Stores (or refreshes) the session of `key`. Expired sessions are not stored. */
    set(key: string, session: Buffer): void;
    /** Forgets the session of `key`; with `only`, only if that is still the session stored. */
    delete(key: string, only?: Buffer): void;
    /** Sessions stored now. */
    get size(): number;
    /** The keys, most recently used first. */
    keys(): string[];
}
//# sourceMappingURL=session-cache.d.ts.map