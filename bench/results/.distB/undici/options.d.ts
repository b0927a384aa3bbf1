import type { DispatcherSocketOptions, HttpsPoolOptions, KeepAlivePoolOptions, ResolvedPoolOptions } from '../options/options';
/**
 * The undici `Client` options that the dispatcher passes to each connection's `Client`, with
 * undici's meaning, defaults and validation.
 */
export interface ClientPassThroughOptions {
    /** undici: time to wait for the response headers (ms; default 300000; 0: none). */
    headersTimeout?: number | undefined;
    /** undici: time allowed between two chunks of the response body (ms; default 300000; 0: none). */
    bodyTimeout?: number | undefined;
    /** undici: the largest response head, in bytes (default: Node's `http.maxHeaderSize`). */
    maxHeaderSize?: number | undefined;
    /** undici: the largest response body, in bytes (default -1: no limit). */
    maxResponseSize?: number | undefined;
    /** undici: fail a request whose body does not match its `Content-Length` (default true). */
    strictContentLength?: boolean | undefined;
    /** undici: the local address to connect from. */
    localAddress?: string | undefined;
}
/** Options of {@link KeepAliveDispatcher}. */
export interface KeepAliveDispatcherOptions extends KeepAlivePoolOptions, HttpsPoolOptions, DispatcherSocketOptions, ClientPassThroughOptions {
    /**
     * Options for each connection: those of `net.connect` and, for `https:` origins, of
     * `tls.connect` (`ca`, `cert`, `key`, `rejectUnauthorized`, `servername`, `lookup`, ...), as
     * undici's `connect` option takes them. A connector function is not accepted: the pool opens
     * its connections itself (connect timeout, TLS session cache, stale detection).
     */
    connect?: Readonly<Record<string, unknown>> | undefined;
    /**
     * HTTP/2 is not supported: the pool rules are those of NGINX's HTTP/1.1 upstream keepalive.
     * `true` is refused at construction; connections offer only `http/1.1` in ALPN.
     */
    allowH2?: false | undefined;
}
/** Every option resolved: validated, defaults applied. */
export interface ResolvedDispatcherOptions extends ResolvedPoolOptions, Readonly<Required<DispatcherSocketOptions>> {
    /** TLS sessions kept (0: no reuse). */
    readonly maxCachedSessions: number;
    /** The `net.connect` / `tls.connect` options of every connection. */
    readonly connect: Readonly<Record<string, unknown>>;
    /** What goes to every connection's `Client`. */
    readonly client: Readonly<ClientPassThroughOptions>;
}
/**
 * Validates the options (our typed errors, `code === 'ERR_UPSTREAM_KEEPALIVE_INVALID_OPTION'`)
 * and applies the defaults, those of the agents.
 */
export declare function resolveDispatcherOptions(options: KeepAliveDispatcherOptions | undefined): ResolvedDispatcherOptions;
//# sourceMappingURL=options.d.ts.map