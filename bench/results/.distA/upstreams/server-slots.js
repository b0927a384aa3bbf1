"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.ServerSlots = void 0;
/**
 * The configured servers of a group and the peers each stands for now: one peer for a server
 * given by address, or, for a `resolve` server named by a hostname, one peer per address its
 * name resolved to (`ngx_http_upstream_zone_resolve_handler`: a peer whose address stays is
 * kept as it is, with its weights, passive health and counters; an address no longer listed
 * loses its peer; a new address gets a new peer with the server's parameters, after those kept).
 * @module
 */
const address_1 = require("./address");
const peer_1 = require("./peer");
const NO_CHANGE = Object.freeze({ added: Object.freeze([]), removed: Object.freeze([]) });
class ServerSlots {
    #group;
    #slots;
    /** Every peer ever made for the group: a peer no longer listed is still the group's (to release). */
    #members = new WeakSet();
    /** The servers to resolve, in the order of the configuration. */
    resolvable;
    constructor(group, servers) {
        this.#group = group;
        this.#slots = servers.map((server) => {
            const resolve = server.resolve && !(0, address_1.isIpAddress)(server.host);
            const peers = resolve ? [] : [this.#peer(server)];
            return { server, resolve, peers, resolutions: 0, failures: 0, resolvedAt: undefined, lastError: undefined, error: undefined };
        });
        this.resolvable = Object.freeze(this.#slots.flatMap((slot, index) => (slot.resolve ? [Object.freeze({ index, host: slot.server.host, server: slot.server })] : [])));
    }
    /** The peers of the primary servers, or of the backups, in the order of the configuration. */
    peersOf(backup) {
        return this.#slots.flatMap((slot) => (slot.server.backup === backup ? slot.peers : []));
    }
    /** Whether a backup server is configured (the backup tier exists, even while it has no address). */
    get hasBackups() {
        return this.#slots.some((slot) => slot.server.backup);
    }
    /** Whether `peer` was made for this group (listed now or not). */
    owns(peer) {
        return this.#members.has(peer);
    }
    /**
     * The addresses the name of server `index` resolved to, at `at`: peers kept, removed and
     * added as NGINX's resolve handler does. Duplicates count once.
     * @throws {RangeError} for a server that is not resolved (`resolvable` lists those that are), or no address.
     */
    apply(index, ips, at) {
        const slot = this.#resolvable(index);
        if (ips.length === 0)
            throw new RangeError(`no address given for server "${slot.server.address}" of upstream group "${this.#group}"`);
        slot.resolutions++;
        slot.resolvedAt = at;
        const wanted = new Set(ips);
        const kept = slot.peers.filter((p) => wanted.has(p.host));
        const removed = slot.peers.filter((p) => !wanted.has(p.host));
        const have = new Set(kept.map((p) => p.host));
        const added = [...wanted].filter((ip) => !have.has(ip)).map((ip) => this.#peer(slot.server, ip));
        if (added.length === 0 && removed.length === 0)
            return NO_CHANGE;
        slot.peers = Object.freeze([...kept, ...added]);
        return Object.freeze({ added: Object.freeze(added), removed: Object.freeze(removed) });
    }
    /** The name of server `index` could not be resolved: its peers stay what they were. */
    failed(index, error, at) {
        const slot = this.#resolvable(index);
        slot.failures++;
        slot.error = error;
        const code = error.code;
        slot.lastError = Object.freeze({ code: typeof code === 'string' ? code : undefined, message: error.message, at });
    }
    /**
     * Each resolved server that has no address now, with the error of its last resolution (or
     * one saying it has not been resolved yet): what a request that found no server is told.
     */
    unresolved() {
        return this.#slots.flatMap((s) => s.resolve && s.peers.length === 0 ? [{ address: s.server.address, error: s.error ?? new Error(`the name "${s.server.host}" is not resolved yet`) }] : []);
    }
    /** The resolved servers' stats; `undefined` when the group has none. */
    stats() {
        if (this.resolvable.length === 0)
            return undefined;
        return this.resolvable.map(({ index }) => {
            const s = this.#slots[index];
            return {
                server: s.server.address,
                host: s.server.host,
                port: s.server.port,
                addresses: s.peers.map((p) => p.address),
                resolutions: s.resolutions,
                failures: s.failures,
                resolvedAt: s.resolvedAt,
                lastError: s.lastError,
            };
        });
    }
    #resolvable(index) {
        const slot = this.#slots[index];
        if (slot === undefined || !slot.resolve) {
            throw new RangeError(`server ${index} of upstream group "${this.#group}" is not resolved while the agent runs (no "resolve" on a hostname)`);
        }
        return slot;
    }
    #peer(server, ip) {
        const peer = new peer_1.Peer(this.#group, server, 0, ip);
        this.#members.add(peer);
        return peer;
    }
}
exports.ServerSlots = ServerSlots;
//# sourceMappingURL=server-slots.js.map