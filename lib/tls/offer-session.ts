/**
 * Offering a TLS session once. Node's `tls.connect()` decodes a `session` it is given twice: in
 * the `TLSSocket` constructor, then again before it returns (every line from 20 to 26), and
 * each decoding parses the server certificate inside the session: about 0.12 ms with Node 20's
 * OpenSSL 3.0 (3 µs with the OpenSSL 3.5 of Node 22 and later), paid on every resumed
 * connection. A connection opened without `session` is given it here instead, the way
 * `tls.connect()` gives it the second time: after `tls.connect()` returns, before the TCP
 * connection is up (the handshake starts only then). `__tests__/tls-secure-context.test.ts` pins
 * that a session given then is offered (the connections resume).
 * @module
 */
import type { TLSSocket } from 'node:tls';

declare module 'tls' {
  interface TLSSocket {
    /** Documented (`tlsSocket.setSession(session)`), missing from @types/node. */
    setSession(session: Buffer | string): void;
  }
}

/**
 * Gives `socket`, just returned by `tls.connect()` without a session, the session to offer.
 * @returns false when the handshake may have started already (the socket was not connecting):
 * the session is then not offered.
 */
export function offerSession(socket: object, session: Buffer): boolean {
  const tlsSocket = socket as Partial<TLSSocket>;
  if (typeof tlsSocket.setSession !== 'function' || tlsSocket.connecting !== true) return false;
  tlsSocket.setSession(session);
  return true;
}
