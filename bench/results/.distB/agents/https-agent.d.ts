import * as https from 'node:https';
import type { Duplex } from 'node:stream';
import type { HttpsPoolOptions, KeepAlivePoolOptions, UpstreamsPoolOptions } from '../options/options';
import type { HttpsPoolAgentConstructor } from './agent-surface';
/**
 * Options of {@link HttpsAgent}: every option of Node's `https.Agent` (TLS options included,
 * `keepAlive` defaulting to `true`), {@link KeepAlivePoolOptions}, and `maxCachedSessions`.
 */
export interface HttpsAgentOptions extends https.AgentOptions, KeepAlivePoolOptions, HttpsPoolOptions, UpstreamsPoolOptions {
}
declare module 'tls' {
    interface TLSSocket {
        /** Documented (`tlsSocket.setSession(session)`, Node ≥ 0.11), missing from @types/node. */
        setSession(session: Buffer | string): void;
    }
}
declare module 'https' {
    interface Agent {
        /** Set by Node's constructor from `options.maxCachedSessions` (default 100). */
        maxCachedSessions: number;
        /** Node's session-cache hooks, called by `https.Agent#createConnection`. */
        _getSession(key: string): Buffer | undefined;
        _cacheSession(key: string, session: Buffer): void;
        _evictSession(key: string): void;
    }
}
declare const HttpsAgentBase: HttpsPoolAgentConstructor;
/**
 * The same pool as {@link HttpAgent}, over TLS: a drop-in `https.Agent` (a real subclass)
 * whose TLS session cache is an LRU (Node's is first-in-first-out), refreshed from every
 * session ticket, including tickets that arrive after the handshake or while the socket is
 * idle, and cleared of a session as soon as a handshake offering it does not resume.
 */
export declare class HttpsAgent extends HttpsAgentBase {
    private readonly sessions;
    /** One TLS secure context per pool key, made once rather than for every connection. */
    private readonly contexts;
    /** The session of the cache for the connection being opened (what `_getSession` found). */
    private offered;
    /** While Node's createConnection runs: `_getSession` keeps the session for {@link createConnection} to offer. */
    private deferSession;
    /**
     * @param options Node's `https.Agent` options (`keepAlive` defaults to `true`) and ours.
     * @throws {TypeError|RangeError} with `code === 'ERR_UPSTREAM_KEEPALIVE_INVALID_OPTION'`.
     */
    constructor(options?: HttpsAgentOptions);
    /** The TLS sessions held now, for inspection: origin keys, most recently used first. */
    get cachedSessionKeys(): string[];
    /**
     * @hidden Node's hook: opens the TLS connection, in every call form Node accepts, and offers
     * it the cached session. Node's `tls.connect()` decodes a session it is given twice (in the
     * `TLSSocket` constructor, then again in `connect()`: every line from 20 to 26), and each
     * decoding parses the server's certificate inside it (about 0.1 ms); the session is given to
     * the socket once instead, as `tls.connect()` gives it the second time: after it returns,
     * before the TCP connection is up and the handshake starts. A session the caller passes
     * (`options.session`), or a caller's own `socket`, is left to Node as it comes.
     */
    createConnection(...args: unknown[]): Duplex | null | undefined;
    /**
     * A handshake that offered a session and did not resume it (the server rotated its ticket
     * keys, or forgot the session), or that failed, drops that session at once; a ticket from
     * the new handshake then takes its place.
     */
    private watchResumption;
    /** @hidden Node's session-cache hook (inside {@link createConnection}, the session is offered there). */
    _getSession(key: string): Buffer | undefined;
    /** @hidden Node's session-cache hook. */
    _cacheSession(key: string, session: Buffer): void;
    /**
     * Node calls this for any socket that closes with an error, even long after a good
     * handshake; a session is dropped here only by a failed or non-resumed handshake that
     * offered it (see `watchResumption`), so a reset connection does not cost a full handshake.
     */
    _evictSession(_key: string): void;
    /**
     * Builds an agent from NGINX upstream keepalive directives; see `HttpAgent.fromNginx`.
     */
    static fromNginx(text: string, overrides?: HttpsAgentOptions): HttpsAgent;
}
export {};
//# sourceMappingURL=https-agent.d.ts.map