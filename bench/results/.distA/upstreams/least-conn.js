"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.getLeastConnPeer = getLeastConnPeer;
/**
 * `least_conn` (`src/http/modules/ngx_http_upstream_least_conn_module.c`,
 * `ngx_http_upstream_get_least_conn_peer`): the peer with the fewest requests in progress
 * relative to its weight, smooth weighted round robin among the equals.
 * @module
 */
const balancer_1 = require("./balancer");
const round_robin_1 = require("./round-robin");
/** `a` has fewer requests in progress than `b`, relative to weight: `a->conns * b->weight < b->conns * a->weight`. */
const fewer = (a, b) => a.active * b.weight < b.active * a.weight;
const same = (a, b) => a.active * b.weight === b.active * a.weight;
/**
 * One pass as NGINX makes it: the first peer with the least `conns / weight` is `best`; if
 * others equal it (`many`), the peers from `best` on that equal it are weighed as in round
 * robin and the greatest `current_weight` wins, `best->current_weight -= total`. The
 * request moves to the backup tier when no primary can be picked, as in round robin.
 */
function getLeastConnPeer(balancing, tried, now) {
    const tier = tried.current;
    if (tier.single)
        return (0, round_robin_1.getRoundRobinPeer)(balancing, tried, now);
    let best;
    let many = false;
    for (const peer of tier.peers) {
        if (!(0, balancer_1.eligible)(peer, tried, now))
            continue;
        if (best === undefined || fewer(peer, best)) {
            best = peer;
            many = false;
        }
        else if (same(peer, best)) {
            many = true;
        }
    }
    if (best === undefined) {
        return (0, round_robin_1.toBackup)(balancing, tried) ? getLeastConnPeer(balancing, tried, now) : undefined;
    }
    let total = 0;
    if (many) {
        const first = best;
        for (const peer of tier.peers.slice(first.index)) {
            // NGINX's order of tests here: tried, down, conns ratio, fails, max_conns.
            if (!same(peer, first) || !(0, balancer_1.eligible)(peer, tried, now))
                continue;
            total += peer.weigh();
            if (peer.currentWeight > best.currentWeight)
                best = peer;
        }
    }
    best.lower(total);
    tried.mark(best);
    return best;
}
//# sourceMappingURL=least-conn.js.map