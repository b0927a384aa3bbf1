import type { Socket } from 'node:net';
import { ConnectTimeoutError } from '../errors';
import { MAX_TIMER_MS } from '../rules/timers';
import type { Connection } from './connection';

type ConnectingSocket = Socket & { encrypted?: boolean; isSessionReused?(): boolean; _secureEstablished?: boolean };

/**
 * Watches a new connection until it is established (TCP `connect`, or for TLS `secureConnect`,
 * the end of the handshake): it stays `connecting` until then, fails after `timeout` ms (0 or
 * Infinity: never) with a `ConnectTimeoutError`, and counts the TLS handshake as resumed or
 * full. Its listeners go when the connection is established or closed; its timer is
 * `unref()`'d (the connecting socket keeps the process alive, as with Node's agent, not us).
 * @returns whether the connection was still being established.
 */
export function watchConnect(conn: Connection, timeout: number, tls: boolean): boolean {
  const socket = conn.socket as ConnectingSocket;
  const secure = tls && socket.encrypted === true;
  if (secure && socket._secureEstablished === true) {
    // Handed over with its handshake done (a connection tunnelled through a proxy).
    countHandshake(conn, socket);
    return false;
  }
  if (!secure && !socket.connecting) return false;
  const ready = secure ? 'secureConnect' : 'connect';
  let timer: NodeJS.Timeout | undefined;
  if (timeout > 0 && timeout !== Infinity) {
    timer = setTimeout(() => {
      conn.reason ??= 'error';
      socket.destroy(new ConnectTimeoutError(conn.origin, timeout, secure));
    }, Math.min(timeout, MAX_TIMER_MS));
    timer.unref();
  }
  const done = (): void => {
    if (!socket.destroyed) conn.established(); // not on a 'close' before it was
    if (timer !== undefined) clearTimeout(timer);
    socket.removeListener('close', done);
    socket.removeListener(ready, done);
    if (secure && !socket.destroyed) countHandshake(conn, socket);
  };
  socket.once(ready, done);
  socket.once('close', done);
  return true;
}

/** Counts a finished TLS handshake as resumed or full. */
function countHandshake(conn: Connection, socket: ConnectingSocket): void {
  if (socket.isSessionReused === undefined) return;
  if (socket.isSessionReused()) conn.counters.tlsResumed = (conn.counters.tlsResumed ?? 0) + 1;
  else conn.counters.tlsFull = (conn.counters.tlsFull ?? 0) + 1;
}
