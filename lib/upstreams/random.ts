/**
 * `random` and `random two` (`src/http/modules/ngx_http_upstream_random_module.c`:
 * `ngx_http_upstream_peek_random_peer`, `ngx_http_upstream_get_random_peer`,
 * `ngx_http_upstream_get_random2_peer`).
 * @module
 */
import { eligible, type Balancing } from './balancer';
import type { Peer } from './peer';
import { getRoundRobinPeer } from './round-robin';
import type { Tier } from './tier';
import type { Tried } from './tried';

/** Past this many draws of its own, `random` hands the request to round robin. */
const RANDOM_TRIES = 20;

/**
 * `ngx_http_upstream_peek_random_peer`: `x = ngx_random() % total_weight`, and the peer
 * whose weight range holds `x` (binary search over the ranges; down servers keep theirs).
 */
export function peekRandomPeer(tier: Tier, random: () => number): number {
  const x = Math.floor(random() * tier.totalWeight);
  let i = 0;
  let j = tier.peers.length;
  while (j - i > 1) {
    const k = (i + j) >>> 1;
    if (x < tier.ranges[k]!) j = k;
    else i = k;
  }
  return i;
}

/**
 * `random`: draws until the peer drawn can be picked (not tried, not down, not failed, not
 * at its cap); after 20 draws in the request (or with fewer than two peers) round robin picks.
 */
export function getRandomPeer(balancing: Balancing, tried: Tried, now: number): Peer | undefined {
  const tier = tried.current;
  const s = tried.scratch;
  if (s.tries > RANDOM_TRIES || tier.peers.length < 2) return getRoundRobinPeer(balancing, tried, now);
  for (;;) {
    const peer = tier.peers[peekRandomPeer(tier, balancing.random)]!;
    if (eligible(peer, tried, now)) {
      tried.mark(peer);
      return peer;
    }
    if (++s.tries > RANDOM_TRIES) return getRoundRobinPeer(balancing, tried, now);
  }
}

/**
 * `random two`: draws two different peers that can be picked and takes the one with fewer
 * requests in progress relative to weight: the second drawn, unless it has more than the
 * first (`second->conns * first->weight > first->conns * second->weight`); draws count towards
 * the same 20 as `random`, then round robin picks (even when one peer was drawn already).
 */
export function getRandom2Peer(balancing: Balancing, tried: Tried, now: number): Peer | undefined {
  const tier = tried.current;
  const s = tried.scratch;
  if (s.tries > RANDOM_TRIES || tier.peers.length < 2) return getRoundRobinPeer(balancing, tried, now);
  let prev: Peer | undefined;
  for (;;) {
    const peer = tier.peers[peekRandomPeer(tier, balancing.random)]!;
    if (peer !== prev && eligible(peer, tried, now)) {
      if (prev !== undefined) {
        const chosen = peer.active * prev.weight > prev.active * peer.weight ? prev : peer;
        tried.mark(chosen);
        return chosen;
      }
      prev = peer;
    }
    if (++s.tries > RANDOM_TRIES) return getRoundRobinPeer(balancing, tried, now);
  }
}
