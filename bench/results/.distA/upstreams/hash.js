"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.getHashPeer = getHashPeer;
exports.chashPoints = chashPoints;
exports.findChashPoint = findChashPoint;
exports.getChashPeer = getChashPeer;
/**
 * `hash KEY` and `hash KEY consistent` (`src/http/modules/ngx_http_upstream_hash_module.c`):
 * `ngx_http_upstream_get_hash_peer`, `ngx_http_upstream_update_chash` (the ketama ring),
 * `ngx_http_upstream_find_chash_point` and `ngx_http_upstream_get_chash_peer`.
 * @module
 */
const balancer_1 = require("./balancer");
const crc32_1 = require("./crc32");
const round_robin_1 = require("./round-robin");
/** Past this many attempts of its own, a hash balancer hands the request to round robin. */
const HASH_TRIES = 20;
/** The request's key, computed once per request (`ngx_http_upstream_init_hash_peer`). */
function keyOf(balancing, tried, request) {
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
function getHashPeer(balancing, tried, request, now) {
    const key = keyOf(balancing, tried, request);
    const tier = tried.current;
    const s = tried.scratch;
    if (s.tries > HASH_TRIES || tier.peers.length < 2 || key === '')
        return (0, round_robin_1.getRoundRobinPeer)(balancing, tried, now);
    for (;;) {
        const text = s.rehash > 0 ? `${s.rehash}${key}` : key;
        s.hash = (s.hash + (((0, crc32_1.crc32)(text) >>> 16) & 0x7fff)) >>> 0;
        s.rehash++;
        let w = s.hash % tier.totalWeight;
        let p = 0;
        while (w >= tier.peers[p].weight)
            w -= tier.peers[p++].weight;
        const peer = tier.peers[p];
        if ((0, balancer_1.eligible)(peer, tried, now)) {
            tried.mark(peer);
            return peer;
        }
        if (++s.tries > HASH_TRIES)
            return (0, round_robin_1.getRoundRobinPeer)(balancing, tried, now);
    }
}
/** `host` and `port` of a server name as the ring hashes them: split at a `:` followed only by digits. */
function hostAndPort(server) {
    if (server.length >= 5 && server.slice(0, 5).toLowerCase() === 'unix:')
        return [server.slice(5), ''];
    for (let j = 0; j < server.length; j++) {
        const c = server[server.length - j - 1];
        if (c === ':')
            return [server.slice(0, server.length - j - 1), server.slice(server.length - j)];
        if (c < '0' || c > '9')
            break;
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
function chashPoints(tier) {
    const points = [];
    for (const peer of tier.peers) {
        const [host, port] = hostAndPort(peer.server);
        let base = (0, crc32_1.crc32Update)(crc32_1.CRC32_INIT, (0, crc32_1.bytesOf)(host));
        base = (0, crc32_1.crc32Update)(base, new Uint8Array([0]));
        base = (0, crc32_1.crc32Update)(base, (0, crc32_1.bytesOf)(port));
        const prev = new Uint8Array(4);
        const view = new DataView(prev.buffer);
        for (let j = 0; j < peer.weight * 160; j++) {
            const hash = (0, crc32_1.crc32Final)((0, crc32_1.crc32Update)(base, prev));
            points.push({ hash, server: peer.server });
            view.setUint32(0, hash, true);
        }
    }
    // NGINX sorts with qsort (not stable): of two equal hashes, which server stays is unspecified there.
    points.sort((a, b) => a.hash - b.hash);
    const kept = points.filter((point, i) => i === 0 || point.hash !== points[i - 1].hash);
    return Object.freeze({ hashes: kept.map((p) => p.hash), servers: kept.map((p) => p.server) });
}
/** The first point whose hash is ≥ `hash`, or `hashes.length` (`ngx_http_upstream_find_chash_point`). */
function findChashPoint(points, hash) {
    let i = 0;
    let j = points.hashes.length;
    while (i < j) {
        const k = (i + j) >>> 1;
        const at = points.hashes[k];
        if (hash > at)
            i = k + 1;
        else if (hash < at)
            j = k;
        else
            return k;
    }
    return i;
}
/**
 * `hash KEY consistent`: the request starts at the first point ≥ `crc32(KEY)`; among the
 * peers of that point's server that can be picked, round robin by weight chooses; when none
 * can, the next point, up to 20 of them, then round robin over the tier.
 */
function getChashPeer(balancing, tried, request, now) {
    const key = keyOf(balancing, tried, request);
    const tier = tried.current;
    const s = tried.scratch;
    const points = balancing.points;
    if (!s.ready) {
        s.ready = true;
        s.hash = findChashPoint(points, (0, crc32_1.crc32)(key));
    }
    if (s.tries > HASH_TRIES || tier.single || key === '' || points.hashes.length === 0)
        return (0, round_robin_1.getRoundRobinPeer)(balancing, tried, now);
    for (;;) {
        const server = points.servers[s.hash % points.hashes.length];
        let best;
        let total = 0;
        for (const peer of tier.peers) {
            if (!(0, balancer_1.eligible)(peer, tried, now) || peer.server !== server)
                continue;
            total += peer.weigh();
            if (best === undefined || peer.currentWeight > best.currentWeight)
                best = peer;
        }
        if (best !== undefined) {
            best.lower(total);
            tried.mark(best);
            return best;
        }
        s.hash++;
        if (++s.tries > HASH_TRIES)
            return (0, round_robin_1.getRoundRobinPeer)(balancing, tried, now);
    }
}
//# sourceMappingURL=hash.js.map