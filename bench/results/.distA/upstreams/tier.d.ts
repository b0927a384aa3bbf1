/**
 * A tier of an upstream group: its primary servers, or its backup servers
 * (`ngx_http_upstream_rr_peers_t`, the primaries' `next` being the backups).
 * @module
 */
import type { Peer } from './peer';
/** The peers of one tier and the sums NGINX keeps for them. */
export declare class Tier {
    readonly peers: readonly Peer[];
    /** Whether this is the backup tier. */
    readonly backup: boolean;
    /** The sum of the weights, down servers included (`peers->total_weight`). */
    readonly totalWeight: number;
    /** Servers not marked `down` (`peers->tries`): the attempts this tier offers a request. */
    readonly tries: number;
    /**
     * One server and no backup tier (`peers->single`): it is picked whenever it is not down
     * and not at its cap, and its failures are never counted.
     */
    readonly single: boolean;
    /**
     * The weight below each peer in the list (`ngx_http_upstream_random_range_t.range`):
     * `ranges[i]` is the sum of the weights of the peers before `i`.
     */
    readonly ranges: readonly number[];
    /** Gives each peer its position in this tier (`Peer.index`). */
    constructor(peers: readonly Peer[], backup: boolean, single: boolean);
}
//# sourceMappingURL=tier.d.ts.map