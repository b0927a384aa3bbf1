/**
 * One pooled connection: an undici `Client` (pipelining 1) and the socket it has now, with
 * the facts the rules read (opened at, drawn limits, requests carried, why it is closing), its
 * state in the pool, and its idle timer.
 * @module
 */
import type { Socket } from 'node:net';
import type { Client } from 'undici';
import type { CloseReason } from '../rules/close-reasons';
import { LruLink } from '../rules/idle-lru';
import { IdleTimer } from '../rules/idle-timer';
import type { ConnectParams } from './connector';
import type { Exchange } from './exchange';
/**
 * - `active`: carrying a request (its connection may still be being established);
 * - `idle`: in the pool;
 * - `reserved`: taken from the pool for its validation turn;
 * - `closed`: out of the pool for good (its socket may still be closing).
 */
export type SlotState = 'active' | 'idle' | 'reserved' | 'closed';
/** undici's connector callback. */
export type ConnectCallback = (err: Error | null, socket: Socket | null) => void;
/** What a slot calls back into (the pool): no import of the pool. */
export interface SlotOwner<G> {
    /** The slot's `Client` asks for a connection. */
    connect(slot: Slot<G>, params: ConnectParams, callback: ConnectCallback): void;
    /** The idle timer fired while the slot was idle. */
    idleTimerDue(slot: Slot<G>): void;
}
/** `G`: the origin the slot belongs to (opaque here). */
export declare class Slot<G = unknown> {
    readonly group: G;
    readonly client: Client;
    state: SlotState;
    /** The request it carries now. */
    current: Exchange<Slot<G>, G> | null;
    /** The socket it has now (null before its first connection and after it closed), and whether it is being established. */
    socket: Socket | null;
    connecting: boolean;
    /** The current connection: opened at (ms, monotonic), its drawn limits, the requests it carried. */
    createdAt: number;
    requestLimit: number;
    lifetime: number;
    requests: number;
    /** Why the current connection is being closed, once decided (the first decision wins). */
    reason: CloseReason | undefined;
    /** The server's last `Keep-Alive` hint (s): it holds for an idle period that follows no response. */
    lastHint: number | undefined;
    /** While idle: since when, until when (ms, monotonic), and why it closes then. */
    idleSince: number;
    idleDeadline: number;
    idleReason: CloseReason;
    /** Opened in the background as a warm replacement; a replacement was opened for it. */
    warm: boolean;
    replaced: boolean;
    /** Its idle timeout (armed lazily: about one timer per idle timeout under load, not one per request). */
    readonly idleTimer: IdleTimer<Slot<G>>;
    /** Its place in the pool's idle LRU. */
    readonly lruLink: LruLink<Slot<G>>;
    readonly owner: SlotOwner<G>;
    constructor(owner: SlotOwner<G>, group: G, makeClient: (connect: (params: ConnectParams, cb: ConnectCallback) => void) => Client);
    /** A new socket: the connection's facts start afresh. */
    beginConnection(socket: Socket, now: number, requestLimit: number, lifetime: number): void;
    /** The socket is open, writable and not ended by the server. */
    get usable(): boolean;
    /** It may be taken from the pool: usable, or a warm replacement whose connection is still being established. */
    get takeable(): boolean;
    /**
     * A warm replacement's connection, opened before its `Client` asks for one: handed over when
     * it does (at once if established, else once it is).
     */
    prepared: Prepared | undefined;
    /** Into the pool for at most `ms` (Infinity: no timeout). */
    rest(now: number, ms: number, reason: CloseReason): void;
    /**
     * Out of the pool for good: the timer goes; the `Client` (and with it the socket) is
     * destroyed, failing a request it still carries with `err` (undici's `ClientDestroyedError` by default).
     */
    dispose(err?: Error | null): void;
}
/** A connection opened ahead of its `Client`'s request for it. */
export declare class Prepared {
    #private;
    /** The connection is established (`socket`) or failed (`err`). */
    settle(err: Error | null, socket: Socket | null): void;
    /** The `Client` asks: answered on a later tick (undici's connect path must not re-enter itself). */
    handOver(callback: ConnectCallback): void;
}
//# sourceMappingURL=slot.d.ts.map