import type { HttpAgentOptions } from '../options/options';
import type { HttpPoolAgentConstructor } from './agent-surface';
declare const HttpAgentBase: HttpPoolAgentConstructor;
/**
 * A drop-in `http.Agent` with NGINX's upstream keepalive semantics: a pool of persistent
 * connections with a total idle cap and LRU eviction (`maxIdleSockets`), an idle timeout that
 * respects the server's `Keep-Alive` hint, a per-connection request limit, a connection
 * lifetime, and upstream reuse even when the client sent `Connection: close`.
 *
 * @example
 * ```ts
 * import * as http from 'node:http';
 * import { HttpAgent } from 'upstream-keepalive';
 * const agent = new HttpAgent({ maxIdleSockets: 64 });
 * http.get('http://127.0.0.1:8080/', { agent }, (res) => res.resume());
 * ```
 */
export declare class HttpAgent extends HttpAgentBase {
    /**
     * @param options Node's `http.Agent` options (`keepAlive` defaults to `true`) and ours.
     * @throws {TypeError|RangeError} with `code === 'ERR_UPSTREAM_KEEPALIVE_INVALID_OPTION'`.
     */
    constructor(options?: HttpAgentOptions);
    /**
     * Builds an agent from NGINX configuration: upstream keepalive directives, e.g.
     * `keepalive 64; keepalive_timeout 60s; keepalive_requests 10000; keepalive_time 1h;`, and
     * whole `upstream NAME { server HOST:PORT weight=5; … }` blocks (the `upstreams` option; see
     * docs/upstreams.md). `overrides` are applied on top. Unknown directives and bad values throw
     * a `SyntaxError` with `code === 'ERR_UPSTREAM_KEEPALIVE_INVALID_NGINX_CONFIG'`.
     */
    static fromNginx(text: string, overrides?: HttpAgentOptions): HttpAgent;
}
export {};
//# sourceMappingURL=http-agent.d.ts.map