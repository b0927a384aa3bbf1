/**
 * `least_conn` (`src/http/modules/ngx_http_upstream_least_conn_module.c`,
 * `ngx_http_upstream_get_least_conn_peer`): the peer with the fewest requests in progress
 * relative to its weight, smooth weighted round robin among the equals.
 * @module
 */
import { eligible, type Balancing } from './balancer';
import type { Peer } from './peer';
import { getRoundRobinPeer, toBackup } from './round-robin';
import type { Tried } from './tried';

/** `a` has fewer requests in progress than `b`, relative to weight: `a->conns * b->weight < b->conns * a->weight`. */
const fewer = (a: Peer, b: Peer): boolean => a.active * b.weight < b.active * a.weight;
const same = (a: Peer, b: Peer): boolean => a.active * b.weight === b.active * a.weight;

/**
 * One pass as NGINX makes it: the first peer with the least `conns / weight` is `best`; if
 * others equal it (`many`), the peers from `best` on that equal it are weighed as in round
 * robin and the greatest `current_weight` wins, `best->current_weight -= total`. The
 * request moves to the backup tier when no primary can be picked, as in round robin.
 */
export function getLeastConnPeer(balancing: Balancing, tried: Tried, now: number): Peer | undefined {
  const tier = tried.current;
  if (tier.single) return getRoundRobinPeer(balancing, tried, now);
  let best: Peer | undefined;
  let many = false;
  for (const peer of tier.peers) {
    if (!eligible(peer, tried, now)) continue;
    if (best === undefined || fewer(peer, best)) {
      best = peer;
      many = false;
    } else if (same(peer, best)) {
      many = true;
    }
  }
  if (best === undefined) {
    return toBackup(balancing, tried) ? getLeastConnPeer(balancing, tried, now) : undefined;
  }
  let total = 0;
  if (many) {
    const first: Peer = best;
    for (const peer of tier.peers.slice(first.index)) {
      // NGINX's order of tests here: tried, down, conns ratio, fails, max_conns.
      if (!same(peer, first) || !eligible(peer, tried, now)) continue;
      total += peer.weigh();
      if (peer.currentWeight > best.currentWeight) best = peer;
    }
  }
  best.lower(total);
  tried.mark(best);
  return best;
}
