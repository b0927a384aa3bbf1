/**
 * One TLS secure context per pool key, as NGINX builds one `SSL_CTX` per `proxy_ssl_*`
 * configuration. Node's `tls.connect()` builds a new secure context for every connection it
 * is not given one for (an OpenSSL context with its ciphers, protocol bounds and trust store:
 * about 200 µs of CPU, measured), which a pool that renews its connections pays on every
 * renewal and Node's agent, which never renews, almost never pays.
 * @module
 */
import * as tls from 'node:tls';
/** The connection options as Node's `https.Agent#createSocket` hands them to `createConnection`. */
export interface ContextOptions extends tls.SecureContextOptions {
    /** Node's pool key for these options (`getName()`), set by Node's `createSocket`. */
    _agentKey?: string;
    secureContext?: tls.SecureContext;
}
export declare class SecureContextCache {
    #private;
    /**
     * Gives `options` the secure context of its pool key (made on first use with
     * `tls.createSecureContext(options)`, as `tls.connect()` would make it), unless the caller
     * gave one or the options are not Node's own for a new socket (no `_agentKey`). When the
     * context cannot be made (a bad certificate, say), `options` is left as it was, so that
     * `tls.connect()` fails the way it does without the pool.
     */
    provide(options: ContextOptions): void;
}
/**
 * The one secure context of a set of TLS options that is the same for every connection (the
 * `connect` option of `KeepAliveDispatcher`): made on first use, unless the options bring a
 * `secureContext` of their own; when it cannot be made, none is given and `tls.connect()`
 * fails as it does without the pool.
 */
export declare class SharedSecureContext {
    #private;
    constructor(options: Readonly<Record<string, unknown>>);
    /** The context to give a new connection, or undefined (the options' own, or none could be made). */
    get(): tls.SecureContext | undefined;
}
//# sourceMappingURL=secure-context-cache.d.ts.map