/**
 * The state the parts of the dispatcher's pool share (take, release, lifecycle, queue): a
 * plain interface, so that those modules need no import of the pool.
 * @module
 */
import type { PoolEmitter } from '../observability/diagnostics';
import type { IdleLru } from '../rules/idle-lru';
import type { ConnectParams } from './connector';
import type { OriginPool, PoolSlot } from './origin-pool';
import type { ResolvedDispatcherOptions } from './options';
import type { ConnectCallback } from './slot';
export interface DispatchCore {
    readonly options: ResolvedDispatcherOptions;
    /** The dispatcher: its events, and the `dispatcher` of every message. */
    readonly emitter: PoolEmitter;
    /** Idle connections of every origin, least recently used first (`maxIdleSockets`). */
    readonly lru: IdleLru<PoolSlot>;
    /** Origins with requests waiting for a connection. */
    readonly waiting: Set<OriginPool>;
    /** `close()` or `destroy()` was called: nothing is pooled any more. */
    readonly closing: boolean;
    /** `destroy()` was called: nothing waits any more. */
    readonly destroyed: boolean;
    /** Connections of the pool not yet closed (any state but `closed`), across origins. */
    total: number;
    /** Sockets opened and not yet closed. */
    sockets: number;
    /** A new connection of `op` (not yet connected: undici's `Client` connects on its first request). */
    newSlot(op: OriginPool): PoolSlot;
    /** A connection of `op` left the pool: what waits for room may go on. */
    slotGone(op: OriginPool): void;
    /** The requests waiting for a release of `op` look for a connection again (none is completing any more). */
    placeHandoffs(op: OriginPool): void;
    /** Forgets `op` if nothing is left of it (no connection, no waiting or parked request). */
    dropIfEmpty(op: OriginPool): void;
    /** A socket closed: `close()` may be done. */
    checkClosed(): void;
    /** Opens a connection for `slot` (its socket counted as soon as it exists). */
    openFor(slot: PoolSlot, params: ConnectParams, callback: ConnectCallback): void;
}
/** The monotonic clock of the pool (ms). */
export { now } from '../rules/clock';
//# sourceMappingURL=core.d.ts.map