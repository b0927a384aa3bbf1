/**
 * What `agent.describeSocket(socket)` tells of one socket of the pool, as plain data.
 * @module
 */
import { connectionOf } from '../connection/connection';
import type { CloseReason } from '../rules/close-reasons';
import { now } from './core';

/** What `agent.describeSocket(socket)` returns. */
export interface SocketInfo {
  /** The socket's origin, `scheme://host:port` (the key of `getStats().origins`). */
  origin: string;
  /** `active` (bound to a request, connecting, or reserved for its validation turn), `idle` (in the pool) or `closed`. */
  state: 'active' | 'idle' | 'closed';
  /** Requests started on the socket. */
  requests: number;
  /** The socket's own request limit, drawn with `limitJitter`. */
  requestLimit: number;
  /** The socket's own lifetime (ms), drawn with `limitJitter`. */
  lifetime: number;
  /** Milliseconds since the connection was opened. */
  age: number;
  /** Why it closed, once closed. */
  closeReason: CloseReason | undefined;
}

/** What the pool knows of one socket (undefined: not a socket of the pool). */
export function describeSocket(socket: unknown): SocketInfo | undefined {
  const conn = connectionOf(socket as object | null);
  if (conn === undefined) return undefined;
  const state = conn.state;
  return {
    origin: conn.origin,
    state: state === 'idle' || state === 'closed' ? state : 'active',
    requests: conn.requests,
    requestLimit: conn.requestLimit,
    lifetime: conn.lifetime,
    age: now() - conn.createdAt,
    closeReason: state === 'closed' ? conn.reason : undefined,
  };
}
