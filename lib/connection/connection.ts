/**
 * One pooled connection: its explicit state, its drawn limits, its counters' home, and the
 * listener and timer it owns while idle. Transitions assert their source state.
 * @module
 */
import type { Socket } from 'node:net';
import type { CloseReason } from '../rules/close-reasons';
import type { HintMemo } from '../rules/keep-alive-header';
import { LruLink } from '../rules/idle-lru';
import { IdleTimer } from '../rules/idle-timer';
import { IdleWatch } from './idle-watch';
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
  /** Bytes arrived on the idle (or reserved) connection: it is stale. */
  staleWhileIdle(conn: Connection): void;
  /** The connection's idle timer fired while it was idle: its deadline may have passed. */
  idleTimerDue(conn: Connection): void;
}

/** A transition from a state that does not allow it: a bug in the pool, never a user error. */
export class ConnectionStateError extends Error {
  readonly code = 'ERR_UPSTREAM_KEEPALIVE_INTERNAL_STATE';
  constructor(from: ConnectionState, to: ConnectionState) {
    super(`upstream-keepalive: a connection cannot go from '${from}' to '${to}'`);
    this.name = 'ConnectionStateError';
  }
}

/**
 * The key under which a socket carries its connection. Declared, then exported, so that the
 * module's own reads use the constant (compiled `export const` reads go through `exports`: a
 * key V8's optimised code cannot fold, read on every request).
 */
const kConnection: unique symbol = Symbol('upstream-keepalive.connection');
export { kConnection };

/** A socket that may carry a connection. */
export interface ConnectedSocket extends Socket {
  [kConnection]?: Connection;
}

/** The connection a socket carries, if the pool opened it. */
export function connectionOf(socket: object | null | undefined): Connection | undefined {
  return (socket as ConnectedSocket | null | undefined)?.[kConnection];
}

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

export class Connection implements HintMemo {
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
  requests = 0;
  /** The request bound to it now (bound, possibly not yet started). */
  current: object | null = null;
  /** What the socket had been given to write when the current request was bound, and before that one. */
  writtenBefore = 0;
  writtenBeforePrevious = 0;
  /** What the socket had been given when its last exchange was released (-1: not known). */
  writtenAtRelease = -1;
  /** The clock when its last release was decided (ms, monotonic; 0: none pending), for the idle timeout that follows. */
  releasedAt = 0;
  /** Why it is being closed, once decided (the first decision wins). */
  reason: CloseReason | undefined;
  /** While idle: `socket.bytesRead` when it became idle. */
  idleBytesRead = 0;
  /** While idle: when it became idle, when its idle timeout is due (ms, monotonic), and why it would close then. */
  idleSince = 0;
  idleDeadline = 0;
  idleReason: CloseReason = 'idle_timeout';
  /** The server's last `Keep-Alive: timeout` hint (s), kept for an idle period with no new response. */
  lastHint: number | undefined;
  /** The last `Keep-Alive` value received and its hint ({@link HintMemo}). */
  hintHeader: string | undefined = undefined;
  hintOfHeader: number | undefined = undefined;
  /** Being handed to a queued request by the pool itself: the pool's release rules stand aside. */
  handingOver = false;
  /** The options it was opened with (a replacement is opened with the same). */
  connectOptions: object | undefined;
  /** Opened in the background as a warm replacement. */
  warm = false;
  /** It was established at some point (a warm replacement is pooled before it is). */
  reached = false;
  /** A replacement was opened for it. */
  replaced = false;
  /** Its idle timeout (the socket timeout stays the transport's: nothing of ours runs on its reads and writes). */
  readonly idleTimer: IdleTimer<Connection> = new IdleTimer<Connection>(this, onIdleTimer);
  /** Its place in the pool's idle LRU. */
  readonly lruLink: LruLink<Connection> = new LruLink<Connection>(this);
  #state: ConnectionState;
  /** Watches for bytes while idle (where the transport does not do it itself). */
  readonly #idleWatch: IdleWatch | undefined;

  constructor(init: ConnectionInit) {
    this.socket = init.socket as ConnectedSocket;
    this.owner = init.owner;
    this.name = init.name;
    this.entry = init.entry;
    this.origin = init.entry.label;
    this.counters = init.entry.counters;
    this.createdAt = init.createdAt;
    this.requestLimit = init.requestLimit;
    this.lifetime = init.lifetime;
    this.#state = init.connecting ? 'connecting' : 'active';
    this.#idleWatch = init.watchIdleData ? new IdleWatch(this.socket, () => this.#bytesWhileIdle()) : undefined;
    this.socket[kConnection] = this;
  }

  get state(): ConnectionState {
    return this.#state;
  }

  /** Moves to `to` from one of the allowed states (no allocation: this runs on every request). */
  #move(to: ConnectionState, a: ConnectionState, b: ConnectionState = a, c: ConnectionState = b): void {
    const s = this.#state;
    if (s !== a && s !== b && s !== c) throw new ConnectionStateError(s, to);
    this.#state = to;
  }

  /** The connection is established (`connect`, or for TLS `secureConnect`). */
  established(): void {
    this.reached = true;
    if (this.#state === 'connecting') this.#state = 'active';
  }

  /** Taken from the pool, or its validation turn passed: it carries a request now. */
  activate(): void {
    this.#move('active', 'idle', 'reserved', 'active');
    this.#idleWatch?.stop();
  }

  /** Into the pool, idle for at most `ms` (`Infinity`: no idle timeout). */
  rest(now: number, ms: number, reason: CloseReason): void {
    // A warm replacement is pooled while its handshake finishes.
    if (this.warm) this.#move('idle', 'active', 'connecting');
    else this.#move('idle', 'active');
    this.idleReason = reason;
    this.idleSince = now;
    this.idleDeadline = now + ms;
    this.idleBytesRead = this.socket.bytesRead;
    this.idleTimer.arm(now, this.idleDeadline);
    this.#idleWatch?.start(this.idleBytesRead);
  }

  /** Out of the pool for its validation turn (it stays `idle` as far as timers go, but is taken). */
  reserve(): void {
    this.#move('reserved', 'idle');
  }

  /** Its validation turn found no request: back to idle, as it was (its deadline unchanged). */
  unreserve(now: number): void {
    this.#move('idle', 'reserved');
    this.idleTimer.arm(now, this.idleDeadline);
  }

  /** Closed (or taken over): counted once, under `reason`. Returns false if it already was. */
  close(reason: CloseReason): boolean {
    if (this.#state === 'closed') return false;
    this.#state = 'closed';
    this.reason = reason;
    this.#idleWatch?.detach();
    this.idleTimer.clear();
    return true;
  }

  /** Bytes arrived on the socket while it was watched: in the pool, or reserved for its validation turn. */
  #bytesWhileIdle(): void {
    const s = this.#state;
    if (s === 'idle' || s === 'reserved') this.owner.staleWhileIdle(this);
  }

  /** Bytes arrived, or an EOF, since it last went idle (its validation turn's check). */
  heardSinceIdle(): boolean {
    const socket = this.socket;
    return socket.bytesRead !== this.idleBytesRead || socket.readableEnded || !socket.writable;
  }
}

// A shared callback (no closure per connection).

function onIdleTimer(conn: Connection): void {
  if (conn.state === 'idle') conn.owner.idleTimerDue(conn);
}
