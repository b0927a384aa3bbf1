import { LRUCache } from 'lru-cache';
import { sessionExpiresAt } from './tls-session-expiry';

/**
 * TLS sessions for resumption, one per origin key (the key Node's `https.Agent` builds, which
 * includes the servername and the TLS options), least recently used evicted first. Node's own
 * cache is first-in-first-out, so its busiest origin is the first to lose its session.
 * An entry lives no longer than the server said it would resume it.
 */
export class TlsSessionCache {
  private readonly cache: LRUCache<string, Buffer> | undefined;

  /** @param max sessions kept; 0 turns session reuse off. */
  constructor(max: number) {
    this.cache = max > 0 ? new LRUCache<string, Buffer>({ max: Math.min(max, 2 ** 31 - 1) }) : undefined;
  }

  /** The session to offer for `key`; using it makes it the most recently used. */
  get(key: string): Buffer | undefined {
    return this.cache?.get(key);
  }

  /** Looks without changing the order. */
  peek(key: string): Buffer | undefined {
    return this.cache?.peek(key);
  }

  /** Stores (or refreshes) the session of `key`. Expired sessions are not stored. */
  set(key: string, session: Buffer): void {
    if (this.cache === undefined) return;
    const expires = sessionExpiresAt(session);
    if (expires === undefined) {
      this.cache.set(key, session);
      return;
    }
    const ttl = expires - Date.now();
    if (ttl <= 0) {
      this.cache.delete(key);
      return;
    }
    this.cache.set(key, session, { ttl });
  }

  /** Forgets the session of `key`; with `only`, only if that is still the session stored. */
  delete(key: string, only?: Buffer): void {
    if (this.cache === undefined) return;
    if (only !== undefined && this.cache.peek(key) !== only) return;
    this.cache.delete(key);
  }

  /** Sessions stored now. */
  get size(): number {
    return this.cache?.size ?? 0;
  }

  /** The keys, most recently used first. */
  keys(): string[] {
    return this.cache ? [...this.cache.keys()] : [];
  }
}
