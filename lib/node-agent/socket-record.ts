import type { CloseReason } from '../rules/close-reasons';
import type { InternalClientRequest } from './node-internals';
import type { KeepAlivePool } from './pool';
import type { OriginEntry } from '../observability/origin-registry';
import type { OriginCounters } from '../observability/stats';

/** Where a pooled socket is in its life. */
export type SocketState = 'active' | 'idle' | 'closed';

/**
 * What the pool knows of one socket: one small record, created with the socket and kept on
 * it under a symbol (cheaper to reach than a `WeakMap` on every request).
 */
export interface SocketRecord {
  /** The pool the socket belongs to. */
  readonly pool: KeepAlivePool;
  /** Node's pool key for the socket's origin (`agent.getName()`). */
  readonly name: string;
  /** The readable origin (see `originLabel`), the key of the stats. */
  readonly origin: string;
  /** The registry entry of that origin. */
  readonly entry: OriginEntry;
  /** The counters of that origin. */
  readonly counters: OriginCounters;
  /** When the connection was opened (ms, monotonic clock). */
  readonly createdAt: number;
  /** This socket's request limit, drawn with jitter. */
  readonly requestLimit: number;
  /** This socket's lifetime (ms), drawn with jitter. */
  readonly lifetime: number;
  /** Requests started on the socket so far. */
  requests: number;
  state: SocketState;
  /** The request bound to the socket now (assigned, possibly not yet started). */
  current: InternalClientRequest | null;
  /** `socket.bytesWritten` when the current request was bound to the socket. */
  writtenBefore: number;
  /** The current request was sent with our `Connection: close` (it is the last one). */
  closeMarked: boolean;
  /** Why the socket is being closed, once decided (the first decision wins). */
  reason: CloseReason | undefined;
  /** The connection (and TLS handshake) is not yet established. */
  connecting: boolean;
  /** The socket timeout Node's `keepSocketAlive` set (ms; 0: none), restored when the socket is reused. */
  nodeTimeout: number;
  /** `socket.bytesRead` when the socket became idle (more later: the server sent something while idle). */
  idleBytesRead: number;
  /** The idle timer, while idle. */
  idleTimer: NodeJS.Timeout | undefined;
  /** The delay the idle timer was created with (-1: none reusable). */
  idleTimerMs: number;
  /** When the idle timer is due (ms, monotonic clock), and the reason it closes with. */
  idleDeadline: number;
  idleReason: CloseReason;
  /** The server's last `Keep-Alive: timeout` hint (s), kept for an idle period with no new response. */
  lastHint: number | undefined;
  /** When the socket last became idle (ms, monotonic clock). */
  idleSince: number;
  /** Reserved for a request during its validation turn (out of the free list, not yet bound). */
  parked: boolean;
  /** Being handed to a queued request by the pool itself: the pool's 'free' listener stands aside. */
  handingOver: boolean;
}

/** The key under which a socket carries its record. */
export const kRecord: unique symbol = Symbol('upstream-keepalive.record');

/** A socket that carries a record. */
export interface RecordedSocket {
  [kRecord]?: SocketRecord;
}
