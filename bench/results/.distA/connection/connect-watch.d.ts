import type { Connection } from './connection';
/**
 * Watches a new connection until it is established (TCP `connect`, or for TLS `secureConnect`,
 * the end of the handshake): it stays `connecting` until then, fails after `timeout` ms (0 or
 * Infinity: never) with a `ConnectTimeoutError`, and counts the TLS handshake as resumed or
 * full. Its listeners go when the connection is established or closed; its timer is
 * `unref()`'d (the connecting socket keeps the process alive, as with Node's agent, not us).
 * @returns whether the connection was still being established.
 */
export declare function watchConnect(conn: Connection, timeout: number, tls: boolean): boolean;
//# sourceMappingURL=connect-watch.d.ts.map