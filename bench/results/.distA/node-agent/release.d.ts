import { type PoolCore } from './core';
import { type InternalSocket } from './node-internals';
/**
 * Decides whether the socket may carry another request; if not, destroys it with the reason
 * (Node's listener then sees it unwritable and lets it go). If a request is queued, Node hands
 * the socket to it: count and mark it. If the socket will be pooled and its origin is at
 * `maxFreeSockets`, evict that origin's least recently used idle socket.
 */
export declare function onFree(core: PoolCore, socket: InternalSocket): void;
/**
 * Makes room for `adding` more idle sockets in an origin's free list under `maxFreeSockets`
 * (Node's cap, with the LRU rule: the oldest of the origin goes, not the one released).
 */
export declare function evictOverFreeCap(core: PoolCore, free: InternalSocket[], adding: number): void;
//# sourceMappingURL=release.d.ts.map