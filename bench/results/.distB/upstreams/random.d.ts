/**
 * `random` and `random two` (`src/http/modules/ngx_http_upstream_random_module.c`:
 * `ngx_http_upstream_peek_random_peer`, `ngx_http_upstream_get_random_peer`,
 * `ngx_http_upstream_get_random2_peer`).
 * @module
 */
import { type Balancing } from './balancer';
import type { Peer } from './peer';
import type { Tier } from './tier';
import type { Tried } from './tried';
/**
 * `ngx_http_upstream_peek_random_peer`: `x = ngx_random() % total_weight`, and the peer
 * whose weight range holds `x` (binary search over the ranges; down servers keep theirs).
 */
export declare function peekRandomPeer(tier: Tier, random: () => number): number;
/**
 * `random`: draws until the peer drawn can be picked (not tried, not down, not failed, not
 * at its cap); after 20 draws in the request (or with fewer than two peers) round robin picks.
 */
export declare function getRandomPeer(balancing: Balancing, tried: Tried, now: number): Peer | undefined;
/**
 * `random two`: draws two different peers that can be picked and takes the one with fewer
 * requests in progress relative to weight: the second drawn, unless it has more than the
 * first (`second->conns * first->weight > first->conns * second->weight`); draws count towards
 * the same 20 as `random`, then round robin picks (even when one peer was drawn already).
 */
export declare function getRandom2Peer(balancing: Balancing, tried: Tried, now: number): Peer | undefined;
//# sourceMappingURL=random.d.ts.map