"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.Tier = void 0;
/** The peers of one tier and the sums NGINX keeps for them. */
class Tier {
    peers;
    /** Whether this is the backup tier. */
    backup;
    /** The sum of the weights, down servers included (`peers->total_weight`). */
    totalWeight;
    /** Servers not marked `down` (`peers->tries`): the attempts this tier offers a request. */
    tries;
    /**
     * One server and no backup tier (`peers->single`): it is picked whenever it is not down
     * and not at its cap, and its failures are never counted.
     */
    single;
    /**
     * The weight below each peer in the list (`ngx_http_upstream_random_range_t.range`):
     * `ranges[i]` is the sum of the weights of the peers before `i`.
     */
    ranges;
    /** Gives each peer its position in this tier (`Peer.index`). */
    constructor(peers, backup, single) {
        this.peers = peers;
        peers.forEach((peer, i) => (peer.index = i));
        this.backup = backup;
        this.single = single;
        let total = 0;
        const ranges = [];
        for (const peer of peers) {
            ranges.push(total);
            total += peer.weight;
        }
        this.totalWeight = total;
        this.ranges = ranges;
        this.tries = peers.filter((p) => !p.down).length;
    }
}
exports.Tier = Tier;
//# sourceMappingURL=tier.js.map