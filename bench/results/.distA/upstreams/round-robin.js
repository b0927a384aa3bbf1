"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.getRoundRobinPeer = getRoundRobinPeer;
exports.toBackup = toBackup;
/**
 * Smooth weighted round robin, NGINX's default balancer
 * (`src/http/ngx_http_upstream_round_robin.c`: `ngx_http_upstream_get_round_robin_peer` and
 * `ngx_http_upstream_get_peer`), and the switch to the backup tier that every balancer
 * with backups shares.
 * @module
 */
const balancer_1 = require("./balancer");
/**
 * `ngx_http_upstream_get_peer`: among the peers of the request's tier that can be picked
 * (not tried, not down, not failed, not at `max_conns`), each gains its effective weight
 * (`current_weight += effective_weight`, `effective_weight` recovering by one), the one with
 * the greatest `current_weight` is chosen (the first of equals), and the total of the
 * effective weights is taken off it. Weights 5, 1, 1 give a, a, b, a, c, a, a.
 */
function getPeer(tier, tried, now) {
    let best;
    let total = 0;
    for (const peer of tier.peers) {
        if (!(0, balancer_1.eligible)(peer, tried, now))
            continue;
        total += peer.weigh();
        if (best === undefined || peer.currentWeight > best.currentWeight)
            best = peer;
    }
    if (best === undefined)
        return undefined;
    tried.mark(best);
    best.lower(total);
    return best;
}
/**
 * `ngx_http_upstream_get_round_robin_peer`. A tier of one server (`peers->single`) gives it
 * whenever it is not down and not at its cap (its failures are never counted). When no peer
 * of the primary tier can be picked, the request moves to the backup tier for good, its
 * `tried` bitmap cleared, and is balanced there (the `failed:` label: `rrp->peers =
 * peers->next`); when none there either, `undefined` (NGX_BUSY). Since NGINX 1.11.5 the fails
 * of the peers are no longer reset when all have failed.
 */
function getRoundRobinPeer(balancing, tried, now) {
    const tier = tried.current;
    let peer;
    if (tier.single) {
        const only = tier.peers[0];
        peer = only.down || only.isFull() ? undefined : only;
    }
    else {
        peer = getPeer(tier, tried, now);
    }
    if (peer !== undefined)
        return peer;
    return toBackup(balancing, tried) ? getRoundRobinPeer(balancing, tried, now) : undefined;
}
/**
 * The `failed:` path of the getters with backups (round robin and least_conn): if the
 * request is on the primary tier and the group has backups, it moves to them, its bitmap
 * cleared. Returns whether it moved.
 */
function toBackup(balancing, tried) {
    if (tried.current !== balancing.primary || balancing.backup === undefined)
        return false;
    tried.toBackup(balancing.backup);
    return true;
}
//# sourceMappingURL=round-robin.js.map