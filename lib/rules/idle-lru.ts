/**
 * The idle connections of every origin of a pool, least recently used first: the cross-origin
 * cap of NGINX's `keepalive N` (`maxIdleSockets`), with LRU eviction.
 * @module
 */

/** A set of idle entries in the order they became idle, bounded by `capacity`. */
export class IdleLru<T> {
  readonly #items = new Set<T>();
  /** Entries it may hold (`Infinity`: no bound). */
  readonly capacity: number;

  constructor(capacity: number) {
    this.capacity = capacity;
  }

  get size(): number {
    return this.#items.size;
  }

  has(item: T): boolean {
    return this.#items.has(item);
  }

  /** Adds `item` as the most recently used. */
  add(item: T): void {
    this.#items.add(item);
  }

  delete(item: T): boolean {
    return this.#items.delete(item);
  }

  /** The least recently used entry. */
  oldest(): T | undefined {
    for (const item of this.#items) return item;
    return undefined;
  }

  /** The entries, least recently used first (a copy: safe to close them while iterating). */
  snapshot(): T[] {
    return [...this.#items];
  }

  /**
   * Makes room for one more entry: while the set is full, `evict(oldest, owner)` the least
   * recently used (`evict` is expected to take it out; if it does not, it is taken out here).
   * `owner` is handed through, so that a caller on the request path needs no closure.
   */
  makeRoom<O = undefined>(evict: (item: T, owner: O) => void, owner?: O): void {
    while (this.#items.size >= this.capacity && this.#items.size > 0) {
      const oldest = this.oldest()!;
      evict(oldest, owner as O);
      this.#items.delete(oldest);
    }
  }
}
