/**
 * `KeepAliveDispatcher`: NGINX's upstream keepalive for Node's built-in `fetch()` and for
 * undici, with the pool rules, options, stats, close reasons and events of `HttpAgent` /
 * `HttpsAgent`.
 * @module
 */
import type { Dispatcher as DispatcherType, errors as UndiciErrors } from 'undici';
import type { AgentStats } from '../observability/stats';
import type { DispatcherPoolEvents } from './messages';
import { type KeepAliveDispatcherOptions, type ResolvedDispatcherOptions } from './options';
import { Dispatcher } from './peer';
/**
 * An undici `Dispatcher` with NGINX's upstream keepalive semantics, for HTTP/1.1 over TCP and
 * TLS: a pool of persistent connections with a total idle cap across origins and LRU eviction
 * (`maxIdleSockets`), an idle timeout bounded by the server's `Keep-Alive` hint, a request
 * limit and a lifetime per connection (with jitter), stale-connection detection, bounded
 * queues, and TLS session reuse in an LRU.
 *
 * Use it as `fetch(url, { dispatcher })` with Node's built-in `fetch()` (or undici's), as the
 * global dispatcher (`setGlobalDispatcher(new KeepAliveDispatcher())`: plain `fetch(url)` then
 * uses it), or with undici's `request`, `stream`, `pipeline` (methods of the dispatcher, or
 * functions taking `{ dispatcher }`). `undici` is a peer dependency of this entry point.
 *
 * @example
 * ```ts
 * import { KeepAliveDispatcher } from 'upstream-keepalive/undici';
 * const dispatcher = new KeepAliveDispatcher({ maxIdleSockets: 64, maxRequestsPerSocket: 1000 });
 * const res = await fetch('http://127.0.0.1:8080/', { dispatcher });
 * await res.text();
 * ```
 */
export declare class KeepAliveDispatcher extends Dispatcher {
    #private;
    /**
     * @param options The agents' pool options (same names, defaults and meanings), `maxSockets`,
     *   `maxTotalSockets`, `maxCachedSessions`, `connect` (net / tls options) and a few undici
     *   `Client` options (`headersTimeout`, `bodyTimeout`, ...).
     * @throws {TypeError|RangeError} with `code === 'ERR_UPSTREAM_KEEPALIVE_INVALID_OPTION'` for
     *   an option of ours out of range, `allowH2: true`, and undici's pool options that ours
     *   replace (`keepAliveTimeout`: use `idleTimeout`, ...); undici's `InvalidArgumentError` for
     *   a bad undici `Client` option.
     */
    constructor(options?: KeepAliveDispatcherOptions);
    /** The options in force (validated, defaults applied). */
    get poolOptions(): ResolvedDispatcherOptions;
    /** @hidden undici's dispatch: the request goes to a connection of the pool, or waits for one. */
    dispatch(opts: DispatcherType.DispatchOptions, handler: DispatcherType.DispatchHandler): boolean;
    /**
     * Closes the dispatcher gracefully (undici's meaning): new requests fail at once with an
     * `AgentClosedError`; requests waiting for a connection and requests in flight complete;
     * idle connections close now, the others when their response ends (reason `agent_closed`).
     * Resolves (or calls `callback`) when no connection is left.
     */
    close(): Promise<void>;
    close(callback: () => void): void;
    /**
     * Destroys the dispatcher at once (undici's meaning): requests waiting for a connection fail
     * (with `err`, or an `AgentClosedError`), requests in flight are aborted (with `err`, or
     * undici's `ClientDestroyedError`), every connection closes (`agent_closed`), and new
     * requests fail. Resolves (or calls `callback`) when every socket has closed.
     */
    destroy(): Promise<void>;
    destroy(err: Error | null): Promise<void>;
    destroy(callback: () => void): void;
    destroy(err: Error | null, callback: () => void): void;
    /** `close()` or `destroy()` was called. */
    get closed(): boolean;
    /** `destroy()` was called. */
    get destroyed(): boolean;
    /**
     * A snapshot of the pool, the agents' shape: totals and per origin `active`, `idle`,
     * `queued`, `connecting`, `created`, `reused`, `requests`, `closed` by reason, the warm
     * replacement counters, the longest queue wait, and for `https:` origins `tlsResumed` /
     * `tlsFull`. Plain data, safe to `JSON.stringify`.
     */
    getStats(): AgentStats;
    /** The TLS sessions held now, for inspection: keys (`host:port:servername`), most recently used first. */
    get cachedSessionKeys(): string[];
    /**
     * Builds a dispatcher from NGINX upstream keepalive directives, e.g.
     * `keepalive 64; keepalive_timeout 60s; keepalive_requests 10000; keepalive_time 1h;`, with
     * `overrides` on top. Unknown directives and bad values throw a `SyntaxError` with
     * `code === 'ERR_UPSTREAM_KEEPALIVE_INVALID_NGINX_CONFIG'`.
     */
    static fromNginx(text: string, overrides?: KeepAliveDispatcherOptions): KeepAliveDispatcher;
}
/** undici's own events of a dispatcher, with their listeners' arguments (`targets`: the dispatcher, then the connection's `Client`). */
export interface UndiciDispatcherEvents {
    /** A connection was established. */
    connect: [origin: URL, targets: readonly DispatcherType[]];
    /** A connection closed. */
    disconnect: [origin: URL, targets: readonly DispatcherType[], error: UndiciErrors.UndiciError];
    /** A connection could not be established. */
    connectionError: [origin: URL, targets: readonly DispatcherType[], error: UndiciErrors.UndiciError];
    /** Never emitted: the pool queues what it cannot start, so `dispatch()` always returns `true`. */
    drain: [origin: URL];
}
/** A listener of one of the pool's events: it receives the event's message. */
export type PoolListener<E extends keyof DispatcherPoolEvents> = (message: DispatcherPoolEvents[E]) => void;
/** A listener of one of undici's own dispatcher events. */
export type UndiciListener<E extends keyof UndiciDispatcherEvents> = (...args: UndiciDispatcherEvents[E]) => void;
/**
 * The listener methods know every event: undici's (`connect`, `disconnect`, `connectionError`,
 * `drain`) and the pool's (`socketCreated`, `socketReused`, `socketClosed`, `requestQueued`,
 * `requestDequeued`, `requestRejected`), whose listeners receive one message.
 */
export interface KeepAliveDispatcher {
    /** Adds a listener of one of undici's dispatcher events. */
    on<E extends keyof UndiciDispatcherEvents>(event: E, listener: UndiciListener<E>): this;
    /** Adds a listener of one of the pool's events. */
    on<E extends keyof DispatcherPoolEvents>(event: E, listener: PoolListener<E>): this;
    /** Adds a listener of one of undici's dispatcher events, removed the first time it runs. */
    once<E extends keyof UndiciDispatcherEvents>(event: E, listener: UndiciListener<E>): this;
    /** Adds a listener of one of the pool's events, removed the first time it runs. */
    once<E extends keyof DispatcherPoolEvents>(event: E, listener: PoolListener<E>): this;
    /** Removes a listener of one of undici's dispatcher events. */
    off<E extends keyof UndiciDispatcherEvents>(event: E, listener: UndiciListener<E>): this;
    /** Removes a listener of one of the pool's events. */
    off<E extends keyof DispatcherPoolEvents>(event: E, listener: PoolListener<E>): this;
    /** The same as `on`. */
    addListener<E extends keyof UndiciDispatcherEvents>(event: E, listener: UndiciListener<E>): this;
    /** The same as `on`. */
    addListener<E extends keyof DispatcherPoolEvents>(event: E, listener: PoolListener<E>): this;
    /** The same as `off`. */
    removeListener<E extends keyof UndiciDispatcherEvents>(event: E, listener: UndiciListener<E>): this;
    /** The same as `off`. */
    removeListener<E extends keyof DispatcherPoolEvents>(event: E, listener: PoolListener<E>): this;
    /** Adds a listener that runs before those added already. */
    prependListener<E extends keyof UndiciDispatcherEvents>(event: E, listener: UndiciListener<E>): this;
    /** Adds a listener that runs before those added already. */
    prependListener<E extends keyof DispatcherPoolEvents>(event: E, listener: PoolListener<E>): this;
    /** Adds a listener that runs before those added already and is removed the first time it runs. */
    prependOnceListener<E extends keyof UndiciDispatcherEvents>(event: E, listener: UndiciListener<E>): this;
    /** Adds a listener that runs before those added already and is removed the first time it runs. */
    prependOnceListener<E extends keyof DispatcherPoolEvents>(event: E, listener: PoolListener<E>): this;
}
//# sourceMappingURL=dispatcher.d.ts.map