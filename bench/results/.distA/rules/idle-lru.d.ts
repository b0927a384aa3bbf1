/**
 * The idle connections of every origin of a pool, least recently used first: the cross-origin
 * cap of NGINX's `keepalive N` (`maxIdleSockets`), with LRU eviction.
 *
 * A doubly linked list through a link each entry owns (made once, with the entry): a
 * connection goes in and out of the list on every request, and a `Set` would hash it twice
 * per request and rehash its table as the idle count swings (measured: ~500 instructions per
 * request); here it is a few pointer writes, with nothing allocated.
 * @module
 */
/**
 * An entry's place in an {@link IdleLru}: one per entry, for its whole life (so an entry is in
 * at most one list).
 */
export declare class LruLink<T> {
    readonly item: T;
    /** The next older and the next newer entry, while in a list. */
    older: LruLink<T> | null;
    newer: LruLink<T> | null;
    linked: boolean;
    constructor(item: T);
}
/** What an {@link IdleLru} holds: entries that carry their own link. */
export interface LruEntry<T> {
    readonly lruLink: LruLink<T>;
}
/** The entries in the order they became idle, bounded by `capacity`. */
export declare class IdleLru<T extends LruEntry<T>> {
    #private;
    /** Entries it may hold (`Infinity`: no bound). */
    readonly capacity: number;
    constructor(capacity: number);
    get size(): number;
    has(item: T): boolean;
    /** Adds `item` as the most recently used (an entry already in keeps its place, as with a `Set`). */
    add(item: T): void;
    delete(item: T): boolean;
    /** The least recently used entry. */
    oldest(): T | undefined;
    /** The entries, least recently used first (a copy: safe to close them while iterating). */
    snapshot(): T[];
    /**
     * Makes room for one more entry: while the list is full, `evict(oldest, owner)` the least
     * recently used (`evict` is expected to take it out; if it does not, it is taken out here).
     * `owner` is handed through, so that a caller on the request path needs no closure.
     */
    makeRoom<O = undefined>(evict: (item: T, owner: O) => void, owner?: O): void;
}
//# sourceMappingURL=idle-lru.d.ts.map