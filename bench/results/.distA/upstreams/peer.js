"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.Peer = void 0;
/**
 * One server of an upstream group and the state NGINX keeps for it
 * (`ngx_http_upstream_rr_peer_t`): the weights of smooth weighted round robin, the passive
 * health counters, and the requests in progress. The predicates and updates are those of
 * `ngx_http_upstream_round_robin.c`, so that every balancer reads them the same way.
 * @module
 */
const address_1 = require("./address");
/** A server of a group, as `UpstreamGroup.pick` returns it. */
class Peer {
    /** The group's name. */
    group;
    /**
     * The server as configured (NGINX's `peer->server`), e.g. `api.internal:8080`: what
     * `hash … consistent` hashes. Every address of a `resolve` server shares it.
     */
    server;
    /**
     * The address connected to, e.g. `10.0.0.1:8080` (NGINX's `peer->name`): what a pooled
     * connection is matched by. The configured text itself, unless the peer is an address a
     * `resolve` server's name resolved to.
     */
    address;
    /** The host to connect to: the configured host, or for a resolved peer its IP address. */
    host;
    /** The port to connect to. */
    port;
    weight;
    maxFails;
    /** Milliseconds. */
    failTimeout;
    maxConns;
    backup;
    down;
    /** Its position in its tier (primaries or backups); set again when the tier is rebuilt. @internal */
    index;
    #current = 0;
    #effective;
    #fails = 0;
    #accessed = 0;
    #checked = 0;
    #conns = 0;
    #open = 0;
    #picks = 0;
    #requests = 0;
    #failures = 0;
    /**
     * @internal Built by `UpstreamGroup`.
     * @param ip For an address a `resolve` server's name resolved to: that address.
     */
    constructor(group, server, index, ip) {
        this.group = group;
        this.server = server.address;
        this.address = ip === undefined ? server.address : (0, address_1.formatAddress)(ip, server.port);
        this.host = ip ?? server.host;
        this.port = server.port;
        this.weight = server.weight;
        this.maxFails = server.maxFails;
        this.failTimeout = server.failTimeout;
        this.maxConns = server.maxConns;
        this.backup = server.backup;
        this.down = server.down;
        this.index = index;
        // ngx_http_upstream_init_round_robin: effective_weight = weight, current_weight = 0.
        this.#effective = server.weight;
    }
    /** NGINX's `current_weight`. */
    get currentWeight() {
        return this.#current;
    }
    /** NGINX's `effective_weight`. */
    get effectiveWeight() {
        return this.#effective;
    }
    /** NGINX's `fails`: failures counted towards `maxFails`. */
    get fails() {
        return this.#fails;
    }
    /** Requests in progress (NGINX's `conns`): picked and not yet released. */
    get active() {
        return this.#conns;
    }
    /**
     * Out for now after `maxFails` failures: `peer->max_fails && peer->fails >= peer->max_fails
     * && now - peer->checked <= peer->fail_timeout` (ngx_http_upstream_get_peer).
     * @internal
     */
    isFailed(now) {
        return this.maxFails !== 0 && this.#fails >= this.maxFails && now - this.#checked <= this.failTimeout;
    }
    /** At its cap: `peer->max_conns && peer->conns >= peer->max_conns`. @internal */
    isFull() {
        return this.maxConns !== 0 && this.#conns >= this.maxConns;
    }
    /**
     * The step of smooth weighted round robin for a peer that can be picked:
     * `current_weight += effective_weight`, then `effective_weight` recovers by one towards
     * `weight`. Returns the effective weight added, which the caller sums into `total`.
     * @internal
     */
    weigh() {
        const added = this.#effective;
        this.#current += added;
        if (this.#effective < this.weight)
            this.#effective++;
        return added;
    }
    /** `best->current_weight -= total`, for the peer chosen. @internal */
    lower(total) {
        this.#current -= total;
    }
    /**
     * The peer is picked: a new `fail_timeout` window starts if the last has ended
     * (`if (now - best->checked > best->fail_timeout) best->checked = now`), which is what
     * lets exactly one request probe a failed server, and the request counts as in progress
     * (`peer->conns++`).
     * @internal
     */
    take(now) {
        if (now - this.#checked > this.failTimeout)
            this.#checked = now;
        this.#conns++;
        this.#picks++;
    }
    /**
     * The request is done with the peer (ngx_http_upstream_free_round_robin_peer). A failure
     * counts (`fails++`, `accessed = checked = now`) and lowers `effective_weight` by
     * `weight / max_fails` (integer division), not below 0; a success after a check
     * (`accessed < checked`) clears `fails`. In a group of one server (`single`), `fails` is
     * cleared whatever the outcome: such a server is never taken out.
     * @internal
     */
    free(failed, now, single) {
        if (failed)
            this.#failures++;
        else
            this.#requests++;
        if (this.#conns > 0)
            this.#conns--;
        if (single) {
            this.#fails = 0;
            return;
        }
        if (failed) {
            this.#fails++;
            this.#accessed = now;
            this.#checked = now;
            if (this.maxFails !== 0)
                this.#effective -= Math.floor(this.weight / this.maxFails);
            if (this.#effective < 0)
                this.#effective = 0;
        }
        else if (this.#accessed < this.#checked) {
            this.#fails = 0;
        }
    }
    /** A connection to the peer was opened (for `open` in the stats). @internal */
    opened() {
        this.#open++;
    }
    /** A connection to the peer was closed. @internal */
    closed() {
        if (this.#open > 0)
            this.#open--;
    }
    /**
     * The state the passive health gives the peer at `now` (see {@link UpstreamPeerState}).
     * `failed` turns into `probing` once `failTimeout` has passed, or once a request was sent
     * to probe it (`checked` moved past the last failure's `accessed`).
     * @internal
     */
    state(now, single) {
        if (this.down)
            return 'down';
        if (!single && this.maxFails !== 0 && this.#fails >= this.maxFails) {
            return this.#checked > this.#accessed || now - this.#checked > this.failTimeout ? 'probing' : 'failed';
        }
        return this.backup ? 'backup' : 'up';
    }
    /** For a `failed` peer: the last moment at which it is still out. @internal */
    failedUntil() {
        return this.#checked + this.failTimeout;
    }
    /** The peer's stats at `now`. @internal */
    stats(now, single, unavailable) {
        const state = this.state(now, single);
        return {
            address: this.address,
            server: this.server,
            host: this.host,
            port: this.port,
            backup: this.backup,
            state,
            until: state === 'failed' ? this.failedUntil() : undefined,
            weight: this.weight,
            effectiveWeight: this.#effective,
            active: this.#conns,
            open: this.#open,
            idle: 0,
            picks: this.#picks,
            requests: this.#requests,
            failures: this.#failures,
            fails: this.#fails,
            unavailable,
        };
    }
}
exports.Peer = Peer;
//# sourceMappingURL=peer.js.map