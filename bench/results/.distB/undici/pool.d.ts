import type { Dispatcher } from 'undici';
import type { PoolEmitter } from '../observability/diagnostics';
import { OriginRegistry } from '../observability/origin-registry';
import { IdleLru } from '../rules/idle-lru';
import { TlsSessionCache } from '../tls/session-cache';
import { type ConnectParams } from './connector';
import { type DispatchCore } from './core';
import { type ExchangeOwner } from './exchange';
import type { ResolvedDispatcherOptions } from './options';
import { OriginPool, type PoolExchange, type PoolSlot } from './origin-pool';
import { type ConnectCallback, type SlotOwner } from './slot';
export declare class DispatchPool implements DispatchCore, ExchangeOwner<PoolExchange>, SlotOwner<OriginPool> {
    #private;
    readonly options: ResolvedDispatcherOptions;
    readonly emitter: PoolEmitter & Dispatcher;
    readonly lru: IdleLru<PoolSlot>;
    readonly waiting: Set<OriginPool>;
    closing: boolean;
    destroyed: boolean;
    total: number;
    sockets: number;
    /** Origins by key. */
    readonly origins: Map<string, OriginPool>;
    readonly registries: {
        readonly http: OriginRegistry;
        readonly https: OriginRegistry;
    };
    readonly sessions: TlsSessionCache;
    constructor(emitter: PoolEmitter & Dispatcher, options: ResolvedDispatcherOptions);
    dispatch(opts: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): void;
    started(x: PoolExchange): void;
    ended(x: PoolExchange): void;
    placeHandoffs(op: OriginPool): void;
    failed(x: PoolExchange, err: Error): void;
    upgraded(x: PoolExchange): void;
    withdrawn(x: PoolExchange): void;
    newSlot(op: OriginPool): PoolSlot;
    connect(slot: PoolSlot, params: ConnectParams, callback: ConnectCallback): void;
    /** Opens a connection for `slot` (its socket counted as soon as it exists). */
    openFor(slot: PoolSlot, params: ConnectParams, callback: ConnectCallback): void;
    idleTimerDue(slot: PoolSlot): void;
    slotGone(op: OriginPool): void;
    dropIfEmpty(op: OriginPool): void;
    checkClosed(): void;
    /** Graceful (undici's meaning): no new request; waiting and running requests finish; idle connections close now. */
    close(): Promise<void>;
    /** Immediate (undici's meaning): waiting requests fail, running ones are aborted with `err`, every connection closes. */
    destroy(err: Error | null): Promise<void>;
}
//# sourceMappingURL=pool.d.ts.map