"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.UpstreamGroup = void 0;
const hash_1 = require("./hash");
const least_conn_1 = require("./least-conn");
const clock_1 = require("../rules/clock");
const random_1 = require("./random");
const round_robin_1 = require("./round-robin");
const server_slots_1 = require("./server-slots");
const tier_1 = require("./tier");
const tried_1 = require("./tried");
function balancerOf(balance, consistent, two) {
    switch (balance) {
        case 'least_conn':
            return (b, t, _r, now) => (0, least_conn_1.getLeastConnPeer)(b, t, now);
        case 'hash':
            return consistent ? hash_1.getChashPeer : hash_1.getHashPeer;
        case 'random':
            return two ? (b, t, _r, now) => (0, random_1.getRandom2Peer)(b, t, now) : (b, t, _r, now) => (0, random_1.getRandomPeer)(b, t, now);
        default:
            return (b, t, _r, now) => (0, round_robin_1.getRoundRobinPeer)(b, t, now);
    }
}
/** One upstream group, built from its resolved options (`resolveUpstreamGroup`). */
class UpstreamGroup {
    name;
    balance;
    /** The group's options: `resolveInterval` and the servers, as given. */
    options;
    #slots;
    #peers = [];
    #balancing;
    /** Every tier the group has had: a request's `tried` on an older one is moved to the current one. */
    #tiers = new WeakSet();
    #balancer;
    #clock;
    #onStateChange;
    /** The state last reported of each peer listed, and the times it became `failed`. */
    #reported = new Map();
    #picks = 0;
    #busy = 0;
    #none = 0;
    constructor(options, runtime = {}) {
        this.name = options.name;
        this.balance = options.balance;
        this.options = options;
        this.#slots = new server_slots_1.ServerSlots(options.name, options.servers);
        this.#balancer = balancerOf(options.balance, options.consistent, options.two);
        this.#clock = runtime.clock ?? clock_1.now;
        this.#onStateChange = runtime.onStateChange;
        this.#balancing = this.#rebuild(runtime.random ?? Math.random);
    }
    /** Every peer now: the primaries, then the backups, each in the order of the configuration. */
    get peers() {
        return this.#peers;
    }
    /** The servers whose hostname is resolved while the agent runs (`resolve`); none for most groups. */
    get resolvable() {
        return this.#slots.resolvable;
    }
    /**
     * The name of server `index` (one of {@link resolvable}) resolved to `ips` (IP addresses):
     * its peers become one per address, with the server's parameters. A peer whose address
     * stays keeps its state (weights, passive health, counters); a peer removed while a request
     * uses it is released as usual (and forgotten); requests under way go on with the new peers.
     * @returns The peers added and removed.
     */
    setAddresses(index, ips) {
        const change = this.#slots.apply(index, ips, this.#clock());
        if (change.added.length > 0 || change.removed.length > 0)
            this.#balancing = this.#rebuild(this.#balancing.random);
        return change;
    }
    /** The name of server `index` could not be resolved: its peers stay (as NGINX keeps them), the failure is in the stats. */
    resolveFailed(index, error) {
        this.#slots.failed(index, error, this.#clock());
    }
    /** Each resolved server that has no address now, with the error of its last resolution (for a `NoLiveUpstreamError`). */
    unresolved() {
        return this.#slots.unresolved();
    }
    /**
     * A new request's attempts: pass it to each `pick` of the request. It starts on the
     * primary tier with one attempt per server not marked `down` (backups included), capped
     * by `nextUpstreamTries`, and the clock of `nextUpstreamTimeout` running.
     */
    tried() {
        const { primary, backup } = this.#balancing;
        // `tries` counts the peers listed now: a request made before a name resolved has none.
        const tries = primary.tries + (backup?.tries ?? 0);
        const cap = this.options.nextUpstreamTries;
        return new tried_1.Tried(primary, cap > 0 && cap < tries ? cap : tries, this.options.nextUpstreamTimeout, this.#clock);
    }
    /**
     * Picks the server for one attempt of a request, as the group's NGINX balancer would; the
     * attempt counts as in progress on the peer (for `least_conn`, `random two` and
     * `maxConns`) until {@link release}. For a next upstream, pass the same `tried`: servers
     * it tried are not picked again. A `'busy'` or `'none'` answer leaves `tried` as it was,
     * so that a queued request picks again from where it stood.
     */
    pick(request, tried) {
        const { primary, backup } = this.#balancing;
        if (tried.current !== primary && tried.current !== backup) {
            if (!this.#tiers.has(tried.current))
                throw new Error(`the tried set given is not of upstream group "${this.name}" (make it with its tried())`);
            // The peers changed since the request's last pick: it goes on on the new tier of its kind.
            tried.rebase(tried.current.backup && backup !== undefined ? backup : primary);
        }
        const now = this.#clock();
        const saved = tried.save();
        const peer = this.#balancer(this.#balancing, tried, request, now);
        let answer;
        if (peer !== undefined) {
            peer.take(now);
            tried.recordPick(peer);
            this.#picks++;
            answer = peer;
        }
        else {
            tried.restore(saved);
            answer = this.#anyFull(tried, now) ? 'busy' : 'none';
            if (answer === 'busy')
                this.#busy++;
            else
                this.#none++;
        }
        this.#sync(now);
        return answer;
    }
    /**
     * The attempt on `peer` is over (call it once per pick): `'failure'` for a connect error, a
     * connect timeout, or a reset before the first response byte; `'success'` otherwise
     * (NGINX frees a peer with state 0 also when the client went away).
     */
    release(peer, outcome) {
        if (!this.#slots.owns(peer))
            throw new Error(`the peer ${peer.address} is not of upstream group "${this.name}"`);
        const now = this.#clock();
        // A peer no longer listed (its address is gone from its name) is released as any: no one reads it again.
        peer.free(outcome === 'failure', now, this.#reported.has(peer) && this.#single(peer));
        this.#sync(now);
    }
    /** A connection to `peer` was opened (counted in the stats' `open`). */
    connectionOpened(peer) {
        peer.opened();
    }
    /** A connection to `peer` was closed. */
    connectionClosed(peer) {
        peer.closed();
    }
    /** The state of `peer` now. */
    stateOf(peer) {
        return peer.state(this.#clock(), this.#single(peer));
    }
    /** The group's stats now: its counters and each server's state and counters. */
    stats() {
        const now = this.#clock();
        const resolved = this.#slots.stats();
        return {
            name: this.name,
            balance: this.balance,
            picks: this.#picks,
            busy: this.#busy,
            none: this.#none,
            peers: this.#peers.map((p) => p.stats(now, this.#single(p), this.#reported.get(p).unavailable)),
            ...(resolved === undefined ? {} : { resolved }),
        };
    }
    /**
     * The tiers, the peer list and the consistent-hash ring from the servers' peers now
     * (`ngx_http_upstream_zone_set_single` and `ngx_http_upstream_update_chash` after a change).
     * The backup tier exists whenever a backup server is configured, even with no address yet.
     */
    #rebuild(random) {
        const primaries = this.#slots.peersOf(false);
        const backups = this.#slots.peersOf(true);
        const primary = new tier_1.Tier(Object.freeze(primaries), false, primaries.length === 1 && backups.length === 0);
        const backup = this.#slots.hasBackups ? new tier_1.Tier(Object.freeze(backups), true, false) : undefined;
        this.#tiers.add(primary);
        if (backup !== undefined)
            this.#tiers.add(backup);
        this.#peers = Object.freeze([...primaries, ...backups]);
        const o = this.options;
        const balancing = { primary, backup, random, points: o.balance === 'hash' && o.consistent ? (0, hash_1.chashPoints)(primary) : undefined, key: o.hashKey };
        const now = this.#clock();
        const reported = new Map();
        for (const p of this.#peers)
            reported.set(p, this.#reported.get(p) ?? { state: p.state(now, !p.backup && primary.single), unavailable: 0 });
        this.#reported = reported;
        return balancing;
    }
    #single(peer) {
        return !peer.backup && this.#balancing.primary.single;
    }
    /** Whether a server the request could use is held back only by its `maxConns`. */
    #anyFull(tried, now) {
        const { primary, backup } = this.#balancing;
        const tiers = tried.current === primary ? [primary, backup] : [backup];
        for (const tier of tiers) {
            for (const peer of tier?.peers ?? []) {
                if ((tier === tried.current && tried.has(peer)) || peer.down)
                    continue;
                if (!tier.single && peer.isFailed(now))
                    continue;
                if (peer.isFull())
                    return true;
            }
        }
        return false;
    }
    /** Reports the servers whose state changed since last reported. */
    #sync(now) {
        const changes = [];
        for (const [peer, reported] of this.#reported) {
            const to = peer.state(now, this.#single(peer));
            const from = reported.state;
            if (to === from)
                continue;
            reported.state = to;
            if (to === 'failed')
                reported.unavailable++;
            changes.push({ group: this.name, address: peer.address, server: peer.server, from, to, at: now, until: to === 'failed' ? peer.failedUntil() : undefined });
        }
        for (const change of changes)
            this.#onStateChange?.(change);
    }
}
exports.UpstreamGroup = UpstreamGroup;
//# sourceMappingURL=group.js.map