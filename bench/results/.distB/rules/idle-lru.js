"use strict";
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
Object.defineProperty(exports, "__esModule", { value: true });
exports.IdleLru = exports.LruLink = void 0;
/**
 * An entry's place in an {@link IdleLru}: one per entry, for its whole life (so an entry is in
 * at most one list).
 */
class LruLink {
    item;
    /** The next older and the next newer entry, while in a list. */
    older = null;
    newer = null;
    linked = false;
    constructor(item) {
        this.item = item;
    }
}
exports.LruLink = LruLink;
/** The entries in the order they became idle, bounded by `capacity`. */
class IdleLru {
    /** The least and the most recently used. */
    #oldest = null;
    #newest = null;
    #size = 0;
    /** Entries it may hold (`Infinity`: no bound). */
    capacity;
    constructor(capacity) {
        this.capacity = capacity;
    }
    get size() {
        return this.#size;
    }
    has(item) {
        return item.lruLink.linked;
    }
    /** Adds `item` as the most recently used (an entry already in keeps its place, as with a `Set`). */
    add(item) {
        const link = item.lruLink;
        if (link.linked)
            return;
        link.linked = true;
        link.older = this.#newest;
        link.newer = null;
        if (this.#newest === null)
            this.#oldest = link;
        else
            this.#newest.newer = link;
        this.#newest = link;
        this.#size++;
    }
    delete(item) {
        const link = item.lruLink;
        if (!link.linked)
            return false;
        const { older, newer } = link;
        if (older === null)
            this.#oldest = newer;
        else
            older.newer = newer;
        if (newer === null)
            this.#newest = older;
        else
            newer.older = older;
        link.older = link.newer = null;
        link.linked = false;
        this.#size--;
        return true;
    }
    /** The least recently used entry. */
    oldest() {
        return this.#oldest?.item;
    }
    /** The entries, least recently used first (a copy: safe to close them while iterating). */
    snapshot() {
        const out = [];
        for (let link = this.#oldest; link !== null; link = link.newer)
            out.push(link.item);
        return out;
    }
    /**
     * Makes room for one more entry: while the list is full, `evict(oldest, owner)` the least
     * recently used (`evict` is expected to take it out; if it does not, it is taken out here).
     * `owner` is handed through, so that a caller on the request path needs no closure.
     */
    makeRoom(evict, owner) {
        while (this.#size >= this.capacity && this.#oldest !== null) {
            const oldest = this.#oldest.item;
            evict(oldest, owner);
            this.delete(oldest);
        }
    }
}
exports.IdleLru = IdleLru;
//# sourceMappingURL=idle-lru.js.map