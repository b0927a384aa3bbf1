/**
 * `hash KEY` and `hash KEY consistent` (`src/http/modules/ngx_http_upstream_hash_module.c`):
 * `ngx_http_upstream_get_hash_peer`, `ngx_http_upstream_update_chash` (the ketama ring),
 * `ngx_http_upstream_find_chash_point` and `ngx_http_upstream_get_chash_peer`.
 * @module
 */
import { type Balancing, type ChashPoints } from './balancer';
import type { UpstreamRequest } from './options';
import type { Peer } from './peer';
import type { Tier } from './tier';
import type { Tried } from './tried';
/**
 * `hash KEY`, compatible with Cache::Memcached: each round adds
 * `(crc32([REHASH] KEY) >> 16) & 0x7fff` to the running hash (REHASH, the decimal round
 * number, omitted in the first round), and the peer is the one whose weight range holds
 * `hash % total_weight`. A peer tried, down, failed or at its cap sends it to the next
 * round; after 20 rounds (or for an empty key, or fewer than two peers) round robin picks.
 */
export declare function getHashPeer(balancing: Balancing, tried: Tried, request: UpstreamRequest, now: number): Peer | undefined;
/**
 * The ketama ring of a tier (`ngx_http_upstream_update_chash`), compatible with
 * Cache::Memcached::Fast: for each peer, `160 * weight` points, the first
 * `crc32(HOST \0 PORT prev)` with `prev` the previous point's hash as 4 little-endian bytes
 * (0 for the first), sorted, equal hashes kept once. HOST and PORT are those of the server's
 * name (`peer->server`), so the addresses of one `resolve` server share its points, and a
 * change of its addresses moves no key to another server. Rebuilt whenever the peers change.
 */
export declare function chashPoints(tier: Tier): ChashPoints;
/** The first point whose hash is ≥ `hash`, or `hashes.length` (`ngx_http_upstream_find_chash_point`). */
export declare function findChashPoint(points: ChashPoints, hash: number): number;
/**
 * `hash KEY consistent`: the request starts at the first point ≥ `crc32(KEY)`; among the
 * peers of that point's server that can be picked, round robin by weight chooses; when none
 * can, the next point, up to 20 of them, then round robin over the tier.
 */
export declare function getChashPeer(balancing: Balancing, tried: Tried, request: UpstreamRequest, now: number): Peer | undefined;
//# sourceMappingURL=hash.d.ts.map