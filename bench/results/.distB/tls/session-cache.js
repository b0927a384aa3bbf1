"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.TlsSessionCache = void 0;
const lru_cache_1 = require("lru-cache");
const session_expiry_1 = require("./session-expiry");
/**
 * The bound handed to lru-cache for `maxCachedSessions: Infinity` (and for any larger integer):
 * lru-cache wants a safe integer, and no process holds this many sessions.
 */
const UNBOUNDED = Number.MAX_SAFE_INTEGER;
/** Below this many entries, expired sessions are left for `get` and eviction to drop. */
const PURGE_FLOOR = 1024;
/** Every session weighs 1, so lru-cache's `maxSize` counts sessions. */
const ONE = () => 1;
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
class TlsSessionCache {
    cache;
    /** The size at which expired entries are purged next. */
    purgeAt = PURGE_FLOOR;
    /** @param max sessions kept: an integer ≥ 0 or `Infinity`; 0 turns session reuse off. */
    constructor(max) {
        this.cache = max > 0 ? new lru_cache_1.LRUCache({ maxSize: Math.min(max, UNBOUNDED), sizeCalculation: ONE }) : undefined;
    }
    /** The session to offer for `key`; using it makes it the most recently used. */
    get(key) {
        return this.cache?.get(key);
    }
    /** Looks without changing the order. */
    peek(key) {
        return this.cache?.peek(key);
    }
    /** Stores (or refreshes) the session of `key`. Expired sessions are not stored. */
    set(key, session) {
        const cache = this.cache;
        if (cache === undefined)
            return;
        const expires = (0, session_expiry_1.sessionExpiresAt)(session);
        if (expires === undefined) {
            cache.set(key, session);
        }
        else {
            const ttl = expires - Date.now();
            if (ttl <= 0) {
                cache.delete(key);
                return;
            }
            cache.set(key, session, { ttl });
        }
        if (cache.size >= this.purgeAt) {
            cache.purgeStale();
            this.purgeAt = Math.max(PURGE_FLOOR, 2 * cache.size);
        }
    }
    /** Forgets the session of `key`; with `only`, only if that is still the session stored. */
    delete(key, only) {
        if (this.cache === undefined)
            return;
        if (only !== undefined && this.cache.peek(key) !== only)
            return;
        this.cache.delete(key);
    }
    /** Sessions stored now. */
    get size() {
        return this.cache?.size ?? 0;
    }
    /** The keys, most recently used first. */
    keys() {
        return this.cache ? [...this.cache.keys()] : [];
    }
}
exports.TlsSessionCache = TlsSessionCache;
//# sourceMappingURL=session-cache.js.map