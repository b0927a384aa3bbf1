"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.KeepAliveDispatcher = void 0;
const nginx_1 = require("../options/nginx");
const options_1 = require("./options");
const peer_1 = require("./peer");
const pool_1 = require("./pool");
const stats_1 = require("./stats");
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
class KeepAliveDispatcher extends peer_1.Dispatcher {
    #pool;
    /**
     * @param options The agents' pool options (same names, defaults and meanings), `maxSockets`,
     *   `maxTotalSockets`, `maxCachedSessions`, `connect` (net / tls options) and a few undici
     *   `Client` options (`headersTimeout`, `bodyTimeout`, ...).
     * @throws {TypeError|RangeError} with `code === 'ERR_UPSTREAM_KEEPALIVE_INVALID_OPTION'` for
     *   an option of ours out of range, `allowH2: true`, and undici's pool options that ours
     *   replace (`keepAliveTimeout`: use `idleTimeout`, ...); undici's `InvalidArgumentError` for
     *   a bad undici `Client` option.
     */
    constructor(options) {
        super();
        const resolved = (0, options_1.resolveDispatcherOptions)(options);
        // undici checks its own options when a Client is made: make one now, so that a bad one
        // fails here rather than at the first request (it opens nothing).
        new peer_1.Client('http://localhost', resolved.client).destroy(null, () => { });
        this.#pool = new pool_1.DispatchPool(this, resolved);
    }
    /** The options in force (validated, defaults applied). */
    get poolOptions() {
        return this.#pool.options;
    }
    /** @hidden undici's dispatch: the request goes to a connection of the pool, or waits for one. */
    dispatch(opts, handler) {
        if (handler === null || typeof handler !== 'object')
            throw new peer_1.errors.InvalidArgumentError('handler must be an object');
        if (opts === null || typeof opts !== 'object')
            throw new peer_1.errors.InvalidArgumentError('opts must be an object.');
        this.#pool.dispatch(opts, handler);
        // The pool queues what it cannot start (within maxQueuedRequests): never a reason to wait for 'drain'.
        return true;
    }
    close(callback) {
        const closed = this.#pool.close();
        if (callback === undefined)
            return closed;
        if (typeof callback !== 'function')
            throw new peer_1.errors.InvalidArgumentError('invalid callback');
        void closed.then(() => callback());
    }
    destroy(errOrCallback, callback) {
        const err = typeof errOrCallback === 'function' ? null : (errOrCallback ?? null);
        const cb = typeof errOrCallback === 'function' ? errOrCallback : callback;
        const destroyed = this.#pool.destroy(err);
        if (cb === undefined)
            return destroyed;
        if (typeof cb !== 'function')
            throw new peer_1.errors.InvalidArgumentError('invalid callback');
        void destroyed.then(() => cb());
    }
    /** `close()` or `destroy()` was called. */
    get closed() {
        return this.#pool.closing;
    }
    /** `destroy()` was called. */
    get destroyed() {
        return this.#pool.destroyed;
    }
    /**
     * A snapshot of the pool, the agents' shape: totals and per origin `active`, `idle`,
     * `queued`, `connecting`, `created`, `reused`, `requests`, `closed` by reason, the warm
     * replacement counters, the longest queue wait, and for `https:` origins `tlsResumed` /
     * `tlsFull`. Plain data, safe to `JSON.stringify`.
     */
    getStats() {
        return (0, stats_1.dispatcherStats)(this.#pool);
    }
    /** The TLS sessions held now, for inspection: keys (`host:port:servername`), most recently used first. */
    get cachedSessionKeys() {
        return this.#pool.sessions.keys();
    }
    /**
     * Builds a dispatcher from NGINX upstream keepalive directives, e.g.
     * `keepalive 64; keepalive_timeout 60s; keepalive_requests 10000; keepalive_time 1h;`, with
     * `overrides` on top. Unknown directives and bad values throw a `SyntaxError` with
     * `code === 'ERR_UPSTREAM_KEEPALIVE_INVALID_NGINX_CONFIG'`.
     */
    static fromNginx(text, overrides) {
        return new KeepAliveDispatcher((0, nginx_1.withOverrides)((0, nginx_1.parseNginxKeepalive)(text), overrides));
    }
}
exports.KeepAliveDispatcher = KeepAliveDispatcher;
//# sourceMappingURL=dispatcher.js.map