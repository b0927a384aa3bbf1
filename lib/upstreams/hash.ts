/**
 * `hash KEY` and `hash KEY consistent` (`src/http/modules/ngx_http_upstream_hash_module.c`):
 * `ngx_http_upstream_get_hash_peer`, `ngx_http_upstream_update_chash` (the ketama ring),
 * `ngx_http_upstream_find_chash_point` and `ngx_http_upstream_get_chash_peer`.
 * @module
 */
import { eligible, type Balancing, type ChashPoints } from './balancer';
import { bytesOf, crc32, CRC32_INIT, crc32Final, crc32Update } from './crc32';
import type { UpstreamRequest } from './options';
import type { Peer } from './peer';
import { getRoundRobinPeer } from './round-robin';
import type { Tier } from './tier';
import type { Tried } from './tried';

/** Past this many attempts of its own, a hash balancer hands the request to round robin. */
const HASH_TRIES = 20;

/** The request's key, computed once per request (`ngx_http_upstream_init_hash_peer`). */
function keyOf(balancing: Balancing, tried: Tried, request: UpstreamRequest): string {
  if (tried.scratch.key === undefined) {
    const key = balancing.key?.(request);
    tried.scratch.key = typeof key === 'string' ? key : String(key ?? '');
  }
  return tried.scratch.key;
}

/**
 * `hash KEY`, compatible with Cache::Memcached: each round adds
 * `(crc32([REHASH] KEY) >> 16) & 0x7fff` to the running hash (REHASH, the decimal round
 * number, omitted in the first round), and the peer is the one whose weight range holds
 * `hash % total_weight`. A peer tried, down, failed or at its cap sends it to the next
 * round; after 20 rounds (or for an empty key, or fewer than two peers) round robin picks.
 */
export function getHashPeer(balancing: Balancing, tried: Tried, request: UpstreamRequest, now: number): Peer | undefined {
  const key = keyOf(balancing, tried, request);
  const tier = tried.current;
  const s = tried.scratch;
  if (s.tries > HASH_TRIES || tier.peers.length < 2 || key === '') return getRoundRobinPeer(balancing, tried, now);
  for (;;) {
    const text = s.rehash > 0 ? `${s.rehash}${key}` : key;
    s.hash = (s.hash + ((crc32(text) >>> 16) & 0x7fff)) >>> 0;
    s.rehash++;
    let w = s.hash % tier.totalWeight;
    let p = 0;
    while (w >= tier.peers[p]!.weight) w -= tier.peers[p++]!.weight;
    const peer = tier.peers[p]!;
    if (eligible(peer, tried, now)) {
      tried.mark(peer);
      return peer;
    }
    if (++s.tries > HASH_TRIES) return getRoundRobinPeer(balancing, tried, now);
  }
}

/** `host` and `port` of a server name as the ring hashes them: split at a `:` followed only by digits. */
function hostAndPort(server: string): [host: string, port: string] {
  if (server.length >= 5 && server.slice(0, 5).toLowerCase() === 'unix:') return [server.slice(5), ''];
  for (let j = 0; j < server.length; j++) {
    const c = server[server.length - j - 1]!;
    if (c === ':') return [server.slice(0, server.length - j - 1), server.slice(server.length - j)];
    if (c < '0' || c > '9') break;
  }
  return [server, ''];
}

/**
 * The ketama ring of a tier (`ngx_http_upstream_update_chash`), compatible with
 * Cache::Memcached::Fast: for each peer, `160 * weight` points, the first
 * `crc32(HOST \0 PORT prev)` with `prev` the previous point's hash as 4 little-endian bytes
 * (0 for the first), sorted, equal hashes kept once. HOST and PORT are those of the server's
 * name (`peer->server`), so the addresses of one `resolve` server share its points, and a
 * change of its addresses moves no key to another server. Rebuilt whenever the peers change.
 */
export function chashPoints(tier: Tier): ChashPoints {
  const points: { hash: number; server: string }[] = [];
  for (const peer of tier.peers) {
    const [host, port] = hostAndPort(peer.server);
    let base = crc32Update(CRC32_INIT, bytesOf(host));
    base = crc32Update(base, new Uint8Array([0]));
    base = crc32Update(base, bytesOf(port));
    const prev = new Uint8Array(4);
    const view = new DataView(prev.buffer);
    for (let j = 0; j < peer.weight * 160; j++) {
      const hash = crc32Final(crc32Update(base, prev));
      points.push({ hash, server: peer.server });
      view.setUint32(0, hash, true);
    }
  }
  // NGINX sorts with qsort (not stable): of two equal hashes, which server stays is unspecified there.
  points.sort((a, b) => a.hash - b.hash);
  const kept = points.filter((point, i) => i === 0 || point.hash !== points[i - 1]!.hash);
  return Object.freeze({ hashes: kept.map((p) => p.hash), servers: kept.map((p) => p.server) });
}

/** The first point whose hash is ≥ `hash`, or `hashes.length` (`ngx_http_upstream_find_chash_point`). */
export function findChashPoint(points: ChashPoints, hash: number): number {
  let i = 0;
  let j = points.hashes.length;
  while (i < j) {
    const k = (i + j) >>> 1;
    const at = points.hashes[k]!;
    if (hash > at) i = k + 1;
    else if (hash < at) j = k;
    else return k;
  }
  return i;
}

/**
 * `hash KEY consistent`: the request starts at the first point ≥ `crc32(KEY)`; among the
 * peers of that point's server that can be picked, round robin by weight chooses; when none
 * can, the next point, up to 20 of them, then round robin over the tier.
 */
export function getChashPeer(balancing: Balancing, tried: Tried, request: UpstreamRequest, now: number): Peer | undefined {
  const key = keyOf(balancing, tried, request);
  const tier = tried.current;
  const s = tried.scratch;
  const points = balancing.points!;
  if (!s.ready) {
    s.ready = true;
    s.hash = findChashPoint(points, crc32(key));
  }
  if (s.tries > HASH_TRIES || tier.single || key === '' || points.hashes.length === 0) return getRoundRobinPeer(balancing, tried, now);
  for (;;) {
    const server = points.servers[s.hash % points.hashes.length]!;
    let best: Peer | undefined;
    let total = 0;
    for (const peer of tier.peers) {
      if (!eligible(peer, tried, now) || peer.server !== server) continue;
      total += peer.weigh();
      if (best === undefined || peer.currentWeight > best.currentWeight) best = peer;
    }
    if (best !== undefined) {
      best.lower(total);
      tried.mark(best);
      return best;
    }
    s.hash++;
    if (++s.tries > HASH_TRIES) return getRoundRobinPeer(balancing, tried, now);
  }
}
