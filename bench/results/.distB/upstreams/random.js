"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.peekRandomPeer = peekRandomPeer;
exports.getRandomPeer = getRandomPeer;
exports.getRandom2Peer = getRandom2Peer;
/**
 * `random` and `random two` (`src/http/modules/ngx_http_upstream_random_module.c`:
 * `ngx_http_upstream_peek_random_peer`, `ngx_http_upstream_get_random_peer`,
 * `ngx_http_upstream_get_random2_peer`).
 * @module
 */
const balancer_1 = require("./balancer");
const round_robin_1 = require("./round-robin");
/** Past this many draws of its own, `random` hands the request to round robin. */
const RANDOM_TRIES = 20;
/**
 * `ngx_http_upstream_peek_random_peer`: `x = ngx_random() % total_weight`, and the peer
 * whose weight range holds `x` (binary search over the ranges; down servers keep theirs).
 */
function peekRandomPeer(tier, random) {
    const x = Math.floor(random() * tier.totalWeight);
    let i = 0;
    let j = tier.peers.length;
    while (j - i > 1) {
        const k = (i + j) >>> 1;
        if (x < tier.ranges[k])
            j = k;
        else
            i = k;
    }
    return i;
}
/**
 * `random`: draws until the peer drawn can be picked (not tried, not down, not failed, not
 * at its cap); after 20 draws in the request (or with fewer than two peers) round robin picks.
 */
function getRandomPeer(balancing, tried, now) {
    const tier = tried.current;
    const s = tried.scratch;
    if (s.tries > RANDOM_TRIES || tier.peers.length < 2)
        return (0, round_robin_1.getRoundRobinPeer)(balancing, tried, now);
    for (;;) {
        const peer = tier.peers[peekRandomPeer(tier, balancing.random)];
        if ((0, balancer_1.eligible)(peer, tried, now)) {
            tried.mark(peer);
            return peer;
        }
        if (++s.tries > RANDOM_TRIES)
            return (0, round_robin_1.getRoundRobinPeer)(balancing, tried, now);
    }
}
/**
 * `random two`: draws two different peers that can be picked and takes the one with fewer
 * requests in progress relative to weight: the second drawn, unless it has more than the
 * first (`second->conns * first->weight > first->conns * second->weight`); draws count towards
 * the same 20 as `random`, then round robin picks (even when one peer was drawn already).
 */
function getRandom2Peer(balancing, tried, now) {
    const tier = tried.current;
    const s = tried.scratch;
    if (s.tries > RANDOM_TRIES || tier.peers.length < 2)
        return (0, round_robin_1.getRoundRobinPeer)(balancing, tried, now);
    let prev;
    for (;;) {
        const peer = tier.peers[peekRandomPeer(tier, balancing.random)];
        if (peer !== prev && (0, balancer_1.eligible)(peer, tried, now)) {
            if (prev !== undefined) {
                const chosen = peer.active * prev.weight > prev.active * peer.weight ? prev : peer;
                tried.mark(chosen);
                return chosen;
            }
            prev = peer;
        }
        if (++s.tries > RANDOM_TRIES)
            return (0, round_robin_1.getRoundRobinPeer)(balancing, tried, now);
    }
}
//# sourceMappingURL=random.js.map