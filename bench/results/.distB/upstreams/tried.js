"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.Tried = void 0;
/**
 * One request's attempts on a group: create one per request with `UpstreamGroup.tried()`
 * and pass it to every `pick` of that request (first attempt and next upstreams).
 */
class Tried {
    #tier;
    /** The peers tried on the current tier (NGINX's `rrp->tried` bitmap, kept by peer so that it outlives a rebuilt tier). */
    #bits = new Set();
    #remaining;
    #start;
    #timeout;
    #clock;
    #picked = [];
    /** @internal */
    scratch = { key: undefined, hash: 0, rehash: 0, tries: 0, ready: false };
    /** @internal Made by `UpstreamGroup.tried()`. */
    constructor(tier, tries, timeout, clock) {
        this.#tier = tier;
        this.#remaining = tries;
        this.#timeout = timeout;
        this.#clock = clock;
        this.#start = clock();
    }
    /** The tier the request is on: `primary`, or `backup` once no primary could be picked. */
    get tier() {
        return this.#tier.backup ? 'backup' : 'primary';
    }
    /** The servers picked for this request so far, in order. */
    get picked() {
        return this.#picked;
    }
    /** Attempts left (NGINX's `pc->tries`): one per server not marked `down`, capped by `nextUpstreamTries`. */
    get remaining() {
        return this.#remaining;
    }
    /**
     * Whether another server may be tried after a failed attempt, as `ngx_http_upstream_next`
     * decides: attempts are left, and `nextUpstreamTimeout` (if set) has not passed since the
     * request's first pick (`ngx_current_msec - u->peer.start_time >= timeout` ends it).
     */
    canRetry() {
        if (this.#remaining <= 0)
            return false;
        const timeout = this.#timeout;
        return !(timeout > 0 && timeout !== Infinity && this.#clock() - this.#start >= timeout);
    }
    /**
     * Gives back the attempt of a failure on a reused (pooled) connection, as
     * `ngx_http_upstream_next` does for an error on a cached connection (`u->peer.tries++`):
     * the failure still counts for the server (release it as `'failure'`), and the server
     * stays tried, but the request may try one more server than it could otherwise.
     */
    refundAttempt() {
        this.#remaining++;
    }
    /** @internal The tier being balanced (`rrp->peers`). */
    get current() {
        return this.#tier;
    }
    /** @internal Whether `peer` of the current tier was tried. */
    has(peer) {
        return this.#bits.has(peer);
    }
    /** @internal Marks `peer` of the current tier tried (`rrp->tried[n] |= m`). */
    mark(peer) {
        this.#bits.add(peer);
    }
    /**
     * @internal The group's peers changed (a `resolve` server's addresses): the request goes on
     * on the rebuilt tier of the same kind, the peers it tried still tried (NGINX gives such a
     * request up to round robin); a consistent hash finds its point again on the new ring.
     */
    rebase(tier) {
        this.#tier = tier;
        this.scratch.ready = false;
    }
    /** @internal Moves the request to the backup tier, its bitmap cleared (the `failed:` path of the getters). */
    toBackup(backup) {
        this.#tier = backup;
        this.#bits.clear();
    }
    /** @internal Records a pick: one attempt used. */
    recordPick(peer) {
        this.#picked.push(peer);
        if (this.#remaining > 0)
            this.#remaining--;
    }
    /** @internal */
    save() {
        return { tier: this.#tier, bits: [...this.#bits], scratch: { ...this.scratch } };
    }
    /** @internal */
    restore(snapshot) {
        this.#tier = snapshot.tier;
        this.#bits = new Set(snapshot.bits);
        Object.assign(this.scratch, snapshot.scratch);
    }
}
exports.Tried = Tried;
//# sourceMappingURL=tried.js.map