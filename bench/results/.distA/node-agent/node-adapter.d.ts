/**
 * The one writer of Node's agent state: `sockets`, `freeSockets`, `requests`, `maxSockets` /
 * `maxTotalSockets`, the `'free'` and `'agentRemove'` events it emits on a socket, and
 * `socket._httpMessage`. Every operation is named for what it does to Node's agent, and each
 * Node behaviour it relies on is pinned by `__tests__/node-internals.test.ts`.
 * @module
 */
import type { ClientRequest } from 'node:http';
import type { InternalAgent, InternalSocket } from './node-internals';
/** Socket limits as they were before they were changed for one `addRequest`. */
export interface SavedLimits {
    readonly maxSockets: number;
    readonly maxTotalSockets: number;
}
/** Lowers the limits Node compares with (for connections it does not count yet); returns the old ones. */
export declare function lowerLimits(agent: InternalAgent, byOrigin: number, byTotal: number): SavedLimits;
/** Zero limits: Node can neither take a free socket it does not see nor open one, so it queues. */
export declare function closeLimits(agent: InternalAgent): SavedLimits;
export declare function restoreLimits(agent: InternalAgent, saved: SavedLimits): void;
/** Takes an origin's free list out of Node's sight (what is left of it after a socket was reserved). */
export declare function hideFreeList(agent: InternalAgent, name: string): InternalSocket[] | undefined;
export declare function restoreFreeList(agent: InternalAgent, name: string, list: InternalSocket[]): void;
/** A free socket is reserved for a request: out of `freeSockets`, into `sockets` (where Node counts it as busy). */
export declare function reserveFree(agent: InternalAgent, name: string, socket: InternalSocket): void;
/** A reserved socket goes back to the free list (its request went elsewhere). */
export declare function unreserve(agent: InternalAgent, name: string, socket: InternalSocket): void;
/** Takes a socket out of a free list that Node is looking at, if it is still there. */
export declare function dropFree(agent: InternalAgent, name: string, socket: InternalSocket): void;
/**
 * Closes a free socket and takes it out of the agent at once, Node's own way for a free socket
 * that errors (destroy, then `'agentRemove'`), so the counts are right before Node looks again.
 */
export declare function closeFreeSocket(socket: InternalSocket): void;
/** Node's reuse of a free socket for `req` (drops its idle error listener, marks the request reused, refs it). */
export declare function reuseFor(agent: InternalAgent, socket: InternalSocket, req: ClientRequest): void;
/**
 * Runs `before(socket, options)` ahead of Node's own `'free'` listener (the one Node's `Agent`
 * constructor installs), and `after()` once it has returned, by chaining it: Node's listener is
 * replaced by one that calls `before`, then Node's, then `after`. The agent keeps one `'free'`
 * listener, as Node's does, and an emit stays on EventEmitter's single-listener path (two
 * listeners cost a copy of the listener array on every release). If Node's listener is not the
 * only one, `before` is prepended and `after` never runs.
 * @returns whether Node's listener was chained (`after` runs after it).
 */
export declare function chainFreeListener(agent: InternalAgent, before: (socket: InternalSocket, options: unknown) => void, after: () => void): boolean;
/** Node's own hand-over of a freed socket to the head of its origin's queue. */
export declare function handToQueue(socket: InternalSocket): void;
/** Learns the order of Node's socket fields from a socket that has just served a request. */
export declare function learnSocketShape(socket: InternalSocket): void;
/** Lets Node's `'free'` listener pool a sound socket whose bound request never started on it. */
export declare function showServedCleanly(socket: InternalSocket): void;
/** Takes a waiting request out of Node's queue. */
export declare function removeQueued(agent: InternalAgent, name: string, req: ClientRequest): void;
/**
 * Fails a request that has no socket the way Node's agent fails one whose connection could not
 * be made: `req.onSocket(null, err)`, which emits its `'error'` (if any) and `'close'`.
 */
export declare function failRequest(req: ClientRequest, err?: Error): void;
//# sourceMappingURL=node-adapter.d.ts.map