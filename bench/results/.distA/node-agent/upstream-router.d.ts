/**
 * Upstream groups on Node's agent (the `upstreams` option): a request whose host names a group
 * goes to the server the group's balancer picks, as NGINX's `proxy_pass http://NAME` does.
 *
 * - `addRequest` asks {@link UpstreamRouter.route} for the options to give Node: the caller's,
 *   with the picked server's host and port, so that Node's pool key, and with it every idle
 *   connection, is the server's (NGINX matches cached connections by server address). The
 *   request's `Host` header stays what the caller's options made it (the group's name).
 * - A new connection for such a request is handed to Node only once it is established (TCP, and
 *   TLS for `HttpsAgent`), within `connectTimeout`; if it cannot be, the request was never
 *   written, and it goes to the next server the balancer picks (NGINX's `proxy_next_upstream
 *   error timeout`), within `nextUpstreamTries` / `nextUpstreamTimeout`. Only when no server is
 *   left does the caller get an error, a `NoLiveUpstreamError` that lists what was tried.
 * - When every server that could take the request is at its `maxConns`, the request waits in
 *   the group's queue (`maxQueuedRequests`, `queueTimeout`) until a request of the group ends.
 * - Each pick is released once, when the request closes: a failure if its connection failed
 *   before any response byte, a success otherwise (as NGINX frees a peer).
 * - The names of `resolve` servers are resolved by an {@link UpstreamResolver} (a request waits
 *   for the first answer); the connections of an address no longer listed are closed
 *   ({@link RetiredServers}).
 * @module
 */
import type { ClientRequest, RequestOptions } from 'node:http';
import type { Duplex } from 'node:stream';
import type { ResolvedUpstreams } from '../upstreams/options';
import type { UpstreamStateChange } from '../upstreams/stats';
import { UpstreamGroups } from '../upstreams/upstream-groups';
import type { PoolCore } from './core';
import type { CreateSocketCallback } from './node-internals';
import { type LookupFunction } from './upstream-resolver';
export { attemptOf, serverLabel } from './upstream-attempt';
/** What the router needs of the agent and of the pool's settings. */
export interface RouterHost {
    /** The agent's own `addRequest` (a request re-dispatched to another server goes through every rule again). */
    addRequest(req: ClientRequest, options: RequestOptions): void;
    readonly protocol: string;
    /** The agent's pool: the connections to an address a `resolve` server no longer lists are closed in it. */
    readonly pool: PoolCore;
    /** The agent's `lookup` and `family` options, for the names of `resolve` servers. */
    readonly lookup?: LookupFunction | undefined;
    readonly family?: number | undefined;
}
export interface RouterSettings {
    readonly connectTimeout: number;
    readonly maxQueuedRequests: number;
    readonly queueTimeout: number;
}
export declare class UpstreamRouter {
    #private;
    readonly groups: UpstreamGroups;
    constructor(host: RouterHost, upstreams: ResolvedUpstreams, settings: RouterSettings, onStateChange: (change: UpstreamStateChange) => void);
    /** Stops re-resolving (`destroy()`; `close()` for good, and the requests waiting for a server under `maxConns` fail, as queued ones do). */
    stop(forGood: boolean): void;
    /**
     * The options to give Node's `addRequest` for `req`: `undefined` when its host names no
     * group (the caller's own options are used), `null` when the router has taken the request
     * (it waits for a server, or it failed).
     */
    route(req: ClientRequest, options: RequestOptions): RequestOptions | undefined | null;
    /**
     * A connection for a group's request, handed to Node's `createSocket` (`done`) only once it
     * is established, or failed with its error (connect error, TLS handshake error, connect
     * timeout) without Node binding it to the request.
     */
    connect(open: (options: RequestOptions) => Duplex | null | undefined, options: RequestOptions, done: CreateSocketCallback): void;
    /**
     * A group's request could not get its connection: the server failed; the request goes to the
     * next server. Returns the error to give the caller, or `undefined` when the request was
     * re-dispatched (or taken by the router: waiting, or failed with the list of servers tried).
     */
    connectFailed(req: ClientRequest, options: RequestOptions, err: Error): Error | undefined;
}
//# sourceMappingURL=upstream-router.d.ts.map