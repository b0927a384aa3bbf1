/**
 * The shape of the `upstreams` option: NGINX `upstream` groups, as given and as resolved.
 * Each member's `Unit:`, `Default:` and `NGINX:` lines state what the spec
 * (`lib/upstreams/spec.ts`) holds.
 * @module
 */
/** What a `hashKey` function sees of the outgoing request. */
export interface UpstreamRequest {
    /** The request method, e.g. `GET`. */
    readonly method: string;
    /** The request target as sent: path and query string, e.g. `/users?id=1` (NGINX's `$request_uri`). */
    readonly path: string;
    /** The outgoing request's headers, names in lower case (as `request.getHeaders()` gives them). */
    readonly headers: Readonly<Record<string, string | number | readonly string[] | undefined>>;
    /** The host the request names: the group's name. */
    readonly host: string;
}
/** The balancing methods of NGINX's open-source upstream modules that an agent can run. */
export type UpstreamBalance = 'round_robin' | 'least_conn' | 'hash' | 'random';
/** One `server` line of an upstream group. */
export interface UpstreamServerOptions {
    /**
     * The server: `host:port`, `host` (port 80, as NGINX), `[v6]:port` or `[v6]`. A hostname
     * is resolved when a connection is made (or, with `resolve`, periodically). The text as
     * written is the server's name, which `hash … consistent` hashes (as NGINX hashes the
     * `server` directive's text).
     *
     * Unit: an address. NGINX: `server ADDRESS`.
     */
    address: string;
    /**
     * The server's share of the requests, relative to the other servers of its tier.
     *
     * Unit: a weight; an integer ≥ 1. Default: `1`. NGINX: `weight=N`.
     */
    weight?: number | undefined;
    /**
     * Failed attempts (connect error, connect timeout, reset before the response) within
     * `failTimeout` after which the server is not used for `failTimeout`; `0` turns the
     * accounting off. Ignored in a group of one server, which is never taken out (as NGINX).
     *
     * Unit: failures; an integer ≥ 0. Default: `1`. NGINX: `max_fails=N`.
     */
    maxFails?: number | undefined;
    /**
     * The window in which `maxFails` failures take the server out, and how long it stays out;
     * after it one request probes the server, and a success puts it back.
     *
     * Unit: milliseconds; ≥ 0 and finite. Default: `10000`. NGINX: `fail_timeout=T` (10s).
     */
    failTimeout?: number | undefined;
    /**
     * Requests in progress on the server at most (NGINX counts a request from the moment the
     * balancer picks the server to the moment it is done with it); a server at its cap is
     * skipped, and when every eligible server is at its cap the request waits. `0` or
     * `Infinity`: no limit.
     *
     * Unit: requests; an integer ≥ 0, or `Infinity`. Default: `0` (no limit). NGINX: `max_conns=N`.
     */
    maxConns?: number | undefined;
    /**
     * A backup server: used only when no primary server can be picked (every primary down,
     * failed, at its `maxConns`, or already tried by the request). Not with `hash` or `random`
     * (NGINX does not allow it either).
     *
     * Unit: boolean. Default: `false`. NGINX: `backup`.
     */
    backup?: boolean | undefined;
    /**
     * The server is never used.
     *
     * Unit: boolean. Default: `false`. NGINX: `down`.
     */
    down?: boolean | undefined;
    /**
     * The hostname is resolved when the agent is made and again every `resolveInterval` of the
     * group, by the agent's `lookup` (Node's `dns.lookup` unless given); each address is a
     * peer with this server's parameters (weight, maxFails, …). Idle connections to an address
     * no longer listed are closed, and one in use is closed after its response. A failed
     * resolution keeps the addresses of the last one. An IP address is used as it is.
     *
     * Unit: boolean. Default: `false`. NGINX: `resolve`.
     */
    resolve?: boolean | undefined;
}
/** One upstream group: its servers and how requests are spread over them. */
export interface UpstreamGroupOptions {
    /** The servers, primaries and backups, in the order NGINX would list them. At least one primary. */
    servers: readonly UpstreamServerOptions[];
    /**
     * The balancing method.
     *
     * Unit: a method; `'round_robin'`, `'least_conn'`, `'hash'` or `'random'`.
     * Default: `'round_robin'` (smooth weighted round robin).
     * NGINX: `least_conn / hash / random` (round robin when the block names none).
     */
    balance?: UpstreamBalance | undefined;
    /**
     * The key of `hash`: requests with the same key go to the same server. Required with
     * `balance: 'hash'`, not allowed otherwise. An empty key is balanced by round robin (as NGINX).
     *
     * Unit: a function. NGINX: `hash KEY` (the key's variables evaluated for the request).
     */
    hashKey?: ((request: UpstreamRequest) => string) | undefined;
    /**
     * Ketama consistent hashing: removing one of n servers moves about 1/n of the keys.
     * Only with `balance: 'hash'`.
     *
     * Unit: boolean. Default: `false`. NGINX: `hash KEY consistent`.
     */
    consistent?: boolean | undefined;
    /**
     * `random` picks two servers and takes the one with fewer requests in progress
     * (relative to weight). Only with `balance: 'random'`.
     *
     * Unit: boolean. Default: `false`. NGINX: `random two` (`random two least_conn`).
     */
    two?: boolean | undefined;
    /**
     * Servers a request tries at most when connections fail; `0` or `Infinity`: no limit of
     * ours (each server is still tried at most once).
     *
     * Unit: servers; an integer ≥ 0, or `Infinity`. Default: `0`. NGINX: `proxy_next_upstream_tries`.
     */
    nextUpstreamTries?: number | undefined;
    /**
     * Time after the first pick past which a request tries no further server; `0` or
     * `Infinity`: no limit.
     *
     * Unit: milliseconds; ≥ 0, or `Infinity`. Default: `0`. NGINX: `proxy_next_upstream_timeout`.
     */
    nextUpstreamTimeout?: number | undefined;
    /**
     * How often the names of the group's `resolve` servers are resolved again; `Infinity`:
     * only once, when the agent is made. Only with a server that has `resolve`.
     *
     * Unit: milliseconds; ≥ 1, or `Infinity`. Default: `30000`. NGINX: `resolver … valid=T`.
     */
    resolveInterval?: number | undefined;
}
/** The `upstreams` option: groups by name. A request whose host is a group's name is balanced. */
export type UpstreamsOptions = Readonly<Record<string, UpstreamGroupOptions>>;
/** A server with every default applied and its address split. */
export interface ResolvedUpstreamServer {
    /** The address as given (the server's name, as NGINX's `server` text). */
    readonly address: string;
    /** The host: a hostname, an IPv4 address, or an IPv6 address without brackets. */
    readonly host: string;
    /** The port: the one given, or 80. */
    readonly port: number;
    readonly weight: number;
    readonly maxFails: number;
    readonly failTimeout: number;
    readonly maxConns: number;
    readonly backup: boolean;
    readonly down: boolean;
    readonly resolve: boolean;
}
/** A group with every default applied; what `UpstreamGroup` is built from. */
export interface ResolvedUpstreamGroup {
    /** The group's name (the key in `upstreams`). */
    readonly name: string;
    readonly servers: readonly ResolvedUpstreamServer[];
    readonly balance: UpstreamBalance;
    readonly hashKey: ((request: UpstreamRequest) => string) | undefined;
    readonly consistent: boolean;
    readonly two: boolean;
    readonly nextUpstreamTries: number;
    readonly nextUpstreamTimeout: number;
    readonly resolveInterval: number;
}
/** The resolved `upstreams` option. */
export type ResolvedUpstreams = Readonly<Record<string, ResolvedUpstreamGroup>>;
//# sourceMappingURL=options.d.ts.map