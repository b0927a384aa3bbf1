import { ConnectTimeoutError } from '../errors';
import type { InternalSocket } from './node-internals';
import type { SocketRecord } from './socket-record';
import { MAX_TIMER_MS } from '../rules/timers';

type ConnectingSocket = InternalSocket & { encrypted?: boolean; isSessionReused?(): boolean };

/**
 * Watches a new socket until its connection is established (TCP `connect`, or for TLS
 * `secureConnect`, the end of the handshake): keeps `rec.connecting` true until then, fails
 * the connection after `timeout` ms (0 or Infinity: never) with a `ConnectTimeoutError`, and
 * counts the TLS handshake as resumed or full.
 */
export function watchConnect(socket: ConnectingSocket, rec: SocketRecord, timeout: number, tls: boolean): void {
  const secure = tls && socket.encrypted === true;
  if (!secure && !socket.connecting) return;
  rec.connecting = true;
  const ready = secure ? 'secureConnect' : 'connect';
  let timer: NodeJS.Timeout | undefined;
  if (timeout > 0 && timeout !== Infinity) {
    timer = setTimeout(() => {
      rec.reason ??= 'error';
      socket.destroy(new ConnectTimeoutError(rec.origin, timeout, secure));
    }, Math.min(timeout, MAX_TIMER_MS));
    // The connecting socket keeps the process alive, as with Node's agent; the timer must not
    // (a process whose socket was unref()'d exits as it would without us).
    timer.unref();
  }
  const done = (): void => {
    rec.connecting = false;
    if (timer !== undefined) clearTimeout(timer);
    socket.removeListener('close', done);
    socket.removeListener(ready, done);
    if (secure && !socket.destroyed && socket.isSessionReused !== undefined) {
      if (socket.isSessionReused()) rec.counters.tlsResumed = (rec.counters.tlsResumed ?? 0) + 1;
      else rec.counters.tlsFull = (rec.counters.tlsFull ?? 0) + 1;
    }
  };
  socket.once(ready, done);
  socket.once('close', done);
}
