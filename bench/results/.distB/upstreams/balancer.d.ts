/**
 * What a balancer is given (the group's tiers and sources of randomness) and what it is: a
 * function that picks a peer for one attempt of a request, or finds none (NGINX's
 * `peer.get` returning `NGX_BUSY`).
 * @module
 */
import type { UpstreamRequest } from './options';
import type { Peer } from './peer';
import type { Tier } from './tier';
import type { Tried } from './tried';
/** A consistent-hash ring (`ngx_http_upstream_chash_points_t`): points sorted by hash. */
export interface ChashPoints {
    /** The points' hashes, ascending, without duplicates. */
    readonly hashes: readonly number[];
    /** The server name (`peer->server`) of each point. */
    readonly servers: readonly string[];
}
/** The group as a balancer sees it. */
export interface Balancing {
    readonly primary: Tier;
    readonly backup: Tier | undefined;
    /** A number in [0, 1) (NGINX's `ngx_random() % n` is `Math.floor(random() * n)` here). */
    readonly random: () => number;
    /** The consistent-hash ring, for `hash … consistent`. */
    readonly points: ChashPoints | undefined;
    /** The hash key of a request (`hashKey`), for `hash`. */
    readonly key: ((request: UpstreamRequest) => string) | undefined;
}
/**
 * Picks a peer for one attempt, marking it in `tried` and updating the weights as NGINX
 * does, or returns `undefined` (no peer can take it). The caller counts the pick
 * (`Peer.take`), which is common to all of NGINX's getters.
 */
export type Balancer = (balancing: Balancing, tried: Tried, request: UpstreamRequest, now: number) => Peer | undefined;
/** Whether a peer of the request's tier can be picked, as every NGINX getter tests it. */
export declare function eligible(peer: Peer, tried: Tried, now: number): boolean;
//# sourceMappingURL=balancer.d.ts.map