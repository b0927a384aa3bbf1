/**
 * Opens the connections of the pool (undici's `Client` asks through its `connect` option):
 * TCP, or TLS with session resumption from the dispatcher's LRU session cache, within
 * `connectTimeout`; the TLS handshake counted as resumed or full.
 * @module
 */
import { type Socket } from 'node:net';
import type { TlsSessionCache } from '../tls/session-cache';
import type { SharedSecureContext } from '../tls/secure-context-cache';
/** What undici's `Client` passes to its connector. */
export interface ConnectParams {
    readonly hostname: string;
    readonly protocol: string;
    readonly port: string;
    readonly servername?: string | null;
    readonly localAddress?: string | null;
}
/** The dispatcher's connection settings. */
export interface ConnectorSettings {
    /** `net.connect` / `tls.connect` options given as the `connect` option (certificates, `rejectUnauthorized`, `lookup`, ...). */
    readonly connect: Readonly<Record<string, unknown>>;
    /** `connectTimeout` (ms; 0 or Infinity: none). */
    readonly timeout: number;
    readonly sessions: TlsSessionCache;
    /** The secure context every TLS connection shares (tls.connect() would make one per connection). */
    readonly context: SharedSecureContext;
}
/** What the connector reports about the connection it opens. */
export interface ConnectReport {
    /** The socket exists (the connection is being established): count it. */
    opened(socket: Socket): void;
    /** The TLS handshake finished; `resumed`: it resumed a session. */
    handshake(resumed: boolean): void;
}
/** The SNI name of a connection: the one asked for, else the host unless it is an address (TLS sends no IP as SNI). */
export declare function sniOf(hostname: string, servername: string | null | undefined): string;
/**
 * Opens one connection for undici and calls `callback` once: with the socket when it is
 * established (`connect`, or `secureConnect` for TLS), or with the error. A connection not
 * established within the timeout is destroyed with a `ConnectTimeoutError`.
 */
export declare function openConnection(settings: ConnectorSettings, params: ConnectParams, origin: string, report: ConnectReport, callback: (err: Error | null, socket: Socket | null) => void): void;
//# sourceMappingURL=connector.d.ts.map