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
export class Slot<G = unknown> {
  readonly group: G;
  readonly client: Client;
  state: SlotState = 'active';
  /** The request it carries now. */
  current: Exchange<Slot<G>, G> | null = null;
  /** The socket it has now (null before its first connection and after it closed), and whether it is being established. */
  socket: Socket | null = null;
  connecting = false;
  /** The current connection: opened at (ms, monotonic), its drawn limits, the requests it carried. */
  createdAt = 0;
  requestLimit = Infinity;
  lifetime = Infinity;
  requests = 0;
  /** Why the current connection is being closed, once decided (the first decision wins). */
  reason: CloseReason | undefined;
  /** The server's last `Keep-Alive` hint (s): it holds for an idle period that follows no response. */
  lastHint: number | undefined;
  /** While idle: since when, until when (ms, monotonic), and why it closes then. */
  idleSince = 0;
  idleDeadline = 0;
  idleReason: CloseReason = 'idle_timeout';
  /** Opened in the background as a warm replacement; a replacement was opened for it. */
  warm = false;
  replaced = false;
  /** Its idle timeout (armed lazily: about one timer per idle timeout under load, not one per request). */
  readonly idleTimer: IdleTimer<Slot<G>>;
  /** Its place in the pool's idle LRU. */
  readonly lruLink: LruLink<Slot<G>> = new LruLink<Slot<G>>(this);
  readonly owner: SlotOwner<G>;

  constructor(owner: SlotOwner<G>, group: G, makeClient: (connect: (params: ConnectParams, cb: ConnectCallback) => void) => Client) {
    this.owner = owner;
    this.idleTimer = new IdleTimer<Slot<G>>(this, onTimer);
    this.group = group;
    this.client = makeClient((params, cb) => owner.connect(this, params, cb));
  }

  /** A new socket: the connection's facts start afresh. */
  beginConnection(socket: Socket, now: number, requestLimit: number, lifetime: number): void {
    this.socket = socket;
    this.connecting = true;
    this.createdAt = now;
    this.requestLimit = requestLimit;
    this.lifetime = lifetime;
    this.requests = 0;
    this.reason = undefined;
    this.lastHint = undefined;
  }

  /** The socket is open, writable and not ended by the server. */
  get usable(): boolean {
    const s = this.socket;
    return s !== null && !this.connecting && !s.destroyed && s.writable && !s.readableEnded;
  }

  /** It may be taken from the pool: usable, or a warm replacement whose connection is still being established. */
  get takeable(): boolean {
    const s = this.socket;
    return this.connecting ? s !== null && !s.destroyed : this.usable;
  }

  /**
   * A warm replacement's connection, opened before its `Client` asks for one: handed over when
   * it does (at once if established, else once it is).
   */
  prepared: Prepared | undefined;

  /** Into the pool for at most `ms` (Infinity: no timeout). */
  rest(now: number, ms: number, reason: CloseReason): void {
    this.state = 'idle';
    this.idleSince = now;
    this.idleDeadline = now + ms;
    this.idleReason = reason;
    this.idleTimer.arm(now, this.idleDeadline);
  }

  /**
   * Out of the pool for good: the timer goes; the `Client` (and with it the socket) is
   * destroyed, failing a request it still carries with `err` (undici's `ClientDestroyedError` by default).
   */
  dispose(err: Error | null = null): void {
    this.state = 'closed';
    this.idleTimer.clear();
    // A warm replacement's connection its Client never took is the slot's own to close.
    if (this.prepared !== undefined) this.socket?.destroy();
    this.prepared = undefined;
    this.client.destroy(err, noop);
  }
}

function noop(): void {}

/** A connection opened ahead of its `Client`'s request for it. */
export class Prepared {
  #settled = false;
  #err: Error | null = null;
  #socket: Socket | null = null;
  #waiter: ConnectCallback | undefined;

  /** The connection is established (`socket`) or failed (`err`). */
  settle(err: Error | null, socket: Socket | null): void {
    // Until its Client takes it (and listens), an error on the waiting socket closes it, quietly.
    if (socket !== null) socket.on('error', noop);
    this.#settled = true;
    this.#err = err;
    this.#socket = socket;
    const waiter = this.#waiter;
    this.#waiter = undefined;
    if (waiter !== undefined) waiter(err, socket);
  }

  /** The `Client` asks: answered on a later tick (undici's connect path must not re-enter itself). */
  handOver(callback: ConnectCallback): void {
    if (this.#settled) process.nextTick(callback, this.#err, this.#socket);
    else this.#waiter = callback;
  }
}

function onTimer<G>(slot: Slot<G>): void {
  if (slot.state === 'idle') slot.owner.idleTimerDue(slot);
}
