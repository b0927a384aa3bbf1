import type { Socket } from 'node:net';
import type { CloseReason } from '../rules/close-reasons';
import type { HintMemo } from '../rules/keep-alive-header';
import { LruLink } from '../rules/idle-lru';
import { IdleTimer } from '../rules/idle-timer';
import type { OriginEntry } from '../observability/origin-registry';
import type { OriginCounters } from '../observability/stats';
/**
 * Where a connection is in its life:
 * - `connecting`: opened for a request that is bound to it; TCP (and TLS) not yet established;
 * - `active`: carrying a request, or between a request and its release;
 * - `idle`: in the pool, waiting for a request;
 * - `reserved`: taken from the pool for its validation turn, not yet bound;
 * - `closed`: closed or taken over (an upgrade), counted under its close reason.
 */
export type ConnectionState = 'connecting' | 'active' | 'idle' | 'reserved' | 'closed';
/** What a connection calls back into while idle (its owner, the pool): no import of the pool. */
export interface ConnectionOwner {
    /** Bytes arrived on the idle connection: it is stale. */
    staleWhileIdle(conn: Connection): void;
    /** The connection's idle timer fired while it was idle: its deadline may have passed. */
    idleTimerDue(conn: Connection): void;
}
/** A transition from a state that does not allow it: a bug in the pool, never a user error. */
export declare class ConnectionStateError extends Error {
    readonly code = "ERR_UPSTREAM_KEEPALIVE_INTERNAL_STATE";
    constructor(from: ConnectionState, to: ConnectionState);
}
/** The key under which a socket carries its connection. */
export declare const kConnection: unique symbol;
/** A socket that may carry a connection. */
export interface ConnectedSocket extends Socket {
    [kConnection]?: Connection;
}
/** The connection a socket carries, if the pool opened it. */
export declare function connectionOf(socket: object | null | undefined): Connection | undefined;
/** What a connection is created with. */
export interface ConnectionInit {
    readonly socket: Socket;
    readonly owner: ConnectionOwner;
    readonly name: string;
    readonly entry: OriginEntry;
    readonly createdAt: number;
    readonly requestLimit: number;
    readonly lifetime: number;
    readonly connecting: boolean;
    /** Watch idle sockets for stray bytes (not needed where the transport does it itself). */
    readonly watchIdleData: boolean;
}
export declare class Connection implements HintMemo {
    #private;
    readonly socket: ConnectedSocket;
    readonly owner: ConnectionOwner;
    /** The transport's pool key for the connection's origin (Node's `agent.getName()`). */
    readonly name: string;
    /** The readable origin (the key of the stats), its registry entry and counters. */
    readonly origin: string;
    readonly entry: OriginEntry;
    readonly counters: OriginCounters;
    /** When it was opened (ms, monotonic clock). */
    readonly createdAt: number;
    /** Its request limit and lifetime (ms), drawn with jitter. */
    readonly requestLimit: number;
    readonly lifetime: number;
    /** Requests started on it so far. */
    requests: number;
    /** The request bound to it now (bound, possibly not yet started). */
    current: object | null;
    /** What the socket had been given to write when the current request was bound, and before that one. */
    writtenBefore: number;
    writtenBeforePrevious: number;
    /** What the socket had been given when its last exchange was released (-1: not known). */
    writtenAtRelease: number;
    /** The clock when its last release was decided (ms, monotonic; 0: none pending), for the idle timeout that follows. */
    releasedAt: number;
    /** Why it is being closed, once decided (the first decision wins). */
    reason: CloseReason | undefined;
    /** While idle: `socket.bytesRead` when it became idle. */
    idleBytesRead: number;
    /** While idle: when it became idle, when its idle timeout is due (ms, monotonic), and why it would close then. */
    idleSince: number;
    idleDeadline: number;
    idleReason: CloseReason;
    /** The server's last `Keep-Alive: timeout` hint (s), kept for an idle period with no new response. */
    lastHint: number | undefined;
    /** The last `Keep-Alive` value received and its hint ({@link HintMemo}). */
    hintHeader: string | undefined;
    hintOfHeader: number | undefined;
    /** Being handed to a queued request by the pool itself: the pool's release rules stand aside. */
    handingOver: boolean;
    /** The options it was opened with (a replacement is opened with the same). */
    connectOptions: object | undefined;
    /** Opened in the background as a warm replacement. */
    warm: boolean;
    /** A replacement was opened for it. */
    replaced: boolean;
    /** Its idle timeout (the socket timeout stays the transport's: nothing of ours runs on its reads and writes). */
    readonly idleTimer: IdleTimer<Connection>;
    /** Its place in the pool's idle LRU. */
    readonly lruLink: LruLink<Connection>;
    constructor(init: ConnectionInit);
    get state(): ConnectionState;
    /** The connection is established (`connect`, or for TLS `secureConnect`). */
    established(): void;
    /** Taken from the pool, or its validation turn passed: it carries a request now. */
    activate(): void;
    /** Into the pool, idle for at most `ms` (`Infinity`: no idle timeout). */
    rest(now: number, ms: number, reason: CloseReason): void;
    /** Out of the pool for its validation turn (it stays `idle` as far as timers go, but is taken). */
    reserve(): void;
    /** Its validation turn found no request: back to idle, as it was (its deadline unchanged). */
    unreserve(now: number): void;
    /** Closed (or taken over): counted once, under `reason`. Returns false if it already was. */
    close(reason: CloseReason): boolean;
}
//# sourceMappingURL=connection.d.ts.map