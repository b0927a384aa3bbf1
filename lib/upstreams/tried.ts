/**
 * What one request has tried of a group (NGINX's per-request peer data,
 * `ngx_http_upstream_rr_peer_data_t` and the balancers' extensions of it): the tier it is on,
 * the `tried` bitmap of that tier, the attempts it has left (`pc->tries`, capped by
 * `proxy_next_upstream_tries`), when it started (for `proxy_next_upstream_timeout`), and the
 * state a hash or random balancer carries from one attempt to the next.
 * @module
 */
import type { Peer } from './peer';
import type { Tier } from './tier';

/**
 * What `hash` and `random` keep between the attempts of one request
 * (`ngx_http_upstream_hash_peer_data_t`, `ngx_http_upstream_random_peer_data_t`).
 * @internal
 */
export interface BalancerScratch {
  /** The hash key, computed once per request (`ngx_http_upstream_init_hash_peer`). */
  key: string | undefined;
  /** `hp->hash`: the running hash, or for `consistent` the index of the point reached. */
  hash: number;
  /** `hp->rehash`: the rehash count of `hash` without `consistent`. */
  rehash: number;
  /** `hp->tries` / `rp->tries`: the balancer's own attempts; past 20 it falls back to round robin. */
  tries: number;
  /** Whether `hash`/`key` were initialised for this request. */
  ready: boolean;
}

/** A copy of a {@link Tried}'s balancing state, to undo a pick that found no server. @internal */
export interface TriedSnapshot {
  readonly tier: Tier;
  readonly bits: readonly Peer[];
  readonly scratch: Readonly<BalancerScratch>;
}

/**
 * One request's attempts on a group: create one per request with `UpstreamGroup.tried()`
 * and pass it to every `pick` of that request (first attempt and next upstreams).
 */
export class Tried {
  #tier: Tier;
  /** The peers tried on the current tier (NGINX's `rrp->tried` bitmap, kept by peer so that it outlives a rebuilt tier). */
  #bits = new Set<Peer>();
  #remaining: number;
  readonly #start: number;
  readonly #timeout: number;
  readonly #clock: () => number;
  readonly #picked: Peer[] = [];
  /** @internal */
  readonly scratch: BalancerScratch = { key: undefined, hash: 0, rehash: 0, tries: 0, ready: false };

  /** @internal Made by `UpstreamGroup.tried()`. */
  constructor(tier: Tier, tries: number, timeout: number, clock: () => number) {
    this.#tier = tier;
    this.#remaining = tries;
    this.#timeout = timeout;
    this.#clock = clock;
    this.#start = clock();
  }

  /** The tier the request is on: `primary`, or `backup` once no primary could be picked. */
  get tier(): 'primary' | 'backup' {
    return this.#tier.backup ? 'backup' : 'primary';
  }

  /** The servers picked for this request so far, in order. */
  get picked(): readonly Peer[] {
    return this.#picked;
  }

  /** Attempts left (NGINX's `pc->tries`): one per server not marked `down`, capped by `nextUpstreamTries`. */
  get remaining(): number {
    return this.#remaining;
  }

  /**
   * Whether another server may be tried after a failed attempt, as `ngx_http_upstream_next`
   * decides: attempts are left, and `nextUpstreamTimeout` (if set) has not passed since the
   * request's first pick (`ngx_current_msec - u->peer.start_time >= timeout` ends it).
   */
  canRetry(): boolean {
    if (this.#remaining <= 0) return false;
    const timeout = this.#timeout;
    return !(timeout > 0 && timeout !== Infinity && this.#clock() - this.#start >= timeout);
  }

  /**
   * Gives back the attempt of a failure on a reused (pooled) connection, as
   * `ngx_http_upstream_next` does for an error on a cached connection (`u->peer.tries++`):
   * the failure still counts for the server (release it as `'failure'`), and the server
   * stays tried, but the request may try one more server than it could otherwise.
   */
  refundAttempt(): void {
    this.#remaining++;
  }

  /** @internal The tier being balanced (`rrp->peers`). */
  get current(): Tier {
    return this.#tier;
  }

  /** @internal Whether `peer` of the current tier was tried. */
  has(peer: Peer): boolean {
    return this.#bits.has(peer);
  }

  /** @internal Marks `peer` of the current tier tried (`rrp->tried[n] |= m`). */
  mark(peer: Peer): void {
    this.#bits.add(peer);
  }

  /**
   * @internal The group's peers changed (a `resolve` server's addresses): the request goes on
   * on the rebuilt tier of the same kind, the peers it tried still tried (NGINX gives such a
   * request up to round robin); a consistent hash finds its point again on the new ring.
   */
  rebase(tier: Tier): void {
    this.#tier = tier;
    this.scratch.ready = false;
  }

  /** @internal Moves the request to the backup tier, its bitmap cleared (the `failed:` path of the getters). */
  toBackup(backup: Tier): void {
    this.#tier = backup;
    this.#bits.clear();
  }

  /** @internal Records a pick: one attempt used. */
  recordPick(peer: Peer): void {
    this.#picked.push(peer);
    if (this.#remaining > 0) this.#remaining--;
  }

  /** @internal */
  save(): TriedSnapshot {
    return { tier: this.#tier, bits: [...this.#bits], scratch: { ...this.scratch } };
  }

  /** @internal */
  restore(snapshot: TriedSnapshot): void {
    this.#tier = snapshot.tier;
    this.#bits = new Set(snapshot.bits);
    Object.assign(this.scratch, snapshot.scratch);
  }
}
