/**
 * An upstream group at run time: its peers, its balancer, the passive health of its
 * servers, the events when one changes state, and its stats. Transport-free: the agent
 * calls `pick` for each attempt of a request, `release` when the attempt is over, and
 * `connectionOpened` / `connectionClosed` for its connections.
 * @module
 */
import type { Balancer, Balancing } from './balancer';
import { chashPoints, getChashPeer, getHashPeer } from './hash';
import { getLeastConnPeer } from './least-conn';
import type { ResolvedUpstreamGroup, UpstreamBalance, UpstreamRequest } from './options';
import { now as poolClock } from '../rules/clock';
import { Peer } from './peer';
import { getRandom2Peer, getRandomPeer } from './random';
import { getRoundRobinPeer } from './round-robin';
import { type PeerSetChange, type ResolvableServer, ServerSlots } from './server-slots';
import type { UpstreamGroupStats, UpstreamPeerState, UpstreamStateChange } from './stats';
import { Tier } from './tier';
import { Tried } from './tried';

/** What a group is run with besides its options: injected so that tests control time and chance. */
export interface UpstreamGroupRuntime {
  /** A monotonic clock, in milliseconds. Default: the pools' clock (`performance.now()`). */
  readonly clock?: (() => number) | undefined;
  /** A number in [0, 1), for `random`. Default: `Math.random`. */
  readonly random?: (() => number) | undefined;
  /** Called when a server changes state (after the group's state is updated); must not throw. */
  readonly onStateChange?: ((change: UpstreamStateChange) => void) | undefined;
}

/**
 * The answer of {@link UpstreamGroup.pick}: the peer to send the attempt to; `'busy'` when
 * every server that could take it is at its `maxConns` (queue the request and pick again
 * when a request of the group is released); `'none'` when no server can take it.
 */
export type UpstreamPick = Peer | 'busy' | 'none';

/** How the attempt on a peer ended: `failure` for a connect error, a connect timeout, or a reset before the response. */
export type UpstreamOutcome = 'success' | 'failure';

function balancerOf(balance: UpstreamBalance, consistent: boolean, two: boolean): Balancer {
  switch (balance) {
    case 'least_conn':
      return (b, t, _r, now) => getLeastConnPeer(b, t, now);
    case 'hash':
      return consistent ? getChashPeer : getHashPeer;
    case 'random':
      return two ? (b, t, _r, now) => getRandom2Peer(b, t, now) : (b, t, _r, now) => getRandomPeer(b, t, now);
    default:
      return (b, t, _r, now) => getRoundRobinPeer(b, t, now);
  }
}

/** One upstream group, built from its resolved options (`resolveUpstreamGroup`). */
export class UpstreamGroup {
  readonly name: string;
  readonly balance: UpstreamBalance;
  /** The group's options: `resolveInterval` and the servers, as given. */
  readonly options: ResolvedUpstreamGroup;
  readonly #slots: ServerSlots;
  #peers: readonly Peer[] = [];
  #balancing: Balancing;
  /** Every tier the group has had: a request's `tried` on an older one is moved to the current one. */
  readonly #tiers = new WeakSet<Tier>();
  readonly #balancer: Balancer;
  readonly #clock: () => number;
  readonly #onStateChange: ((change: UpstreamStateChange) => void) | undefined;
  /** The state last reported of each peer listed, and the times it became `failed`. */
  #reported = new Map<Peer, { state: UpstreamPeerState; unavailable: number }>();
  #picks = 0;
  #busy = 0;
  #none = 0;

  constructor(options: ResolvedUpstreamGroup, runtime: UpstreamGroupRuntime = {}) {
    this.name = options.name;
    this.balance = options.balance;
    this.options = options;
    this.#slots = new ServerSlots(options.name, options.servers);
    this.#balancer = balancerOf(options.balance, options.consistent, options.two);
    this.#clock = runtime.clock ?? poolClock;
    this.#onStateChange = runtime.onStateChange;
    this.#balancing = this.#rebuild(runtime.random ?? Math.random);
  }

  /** Every peer now: the primaries, then the backups, each in the order of the configuration. */
  get peers(): readonly Peer[] {
    return this.#peers;
  }

  /** The servers whose hostname is resolved while the agent runs (`resolve`); none for most groups. */
  get resolvable(): readonly ResolvableServer[] {
    return this.#slots.resolvable;
  }

  /**
   * The name of server `index` (one of {@link resolvable}) resolved to `ips` (IP addresses):
   * its peers become one per address, with the server's parameters. A peer whose address
   * stays keeps its state (weights, passive health, counters); a peer removed while a request
   * uses it is released as usual (and forgotten); requests under way go on with the new peers.
   * @returns The peers added and removed.
   */
  setAddresses(index: number, ips: readonly string[]): PeerSetChange {
    const change = this.#slots.apply(index, ips, this.#clock());
    if (change.added.length > 0 || change.removed.length > 0) this.#balancing = this.#rebuild(this.#balancing.random);
    return change;
  }

  /** The name of server `index` could not be resolved: its peers stay (as NGINX keeps them), the failure is in the stats. */
  resolveFailed(index: number, error: Error): void {
    this.#slots.failed(index, error, this.#clock());
  }

  /** Each resolved server that has no address now, with the error of its last resolution (for a `NoLiveUpstreamError`). */
  unresolved(): { address: string; error: Error }[] {
    return this.#slots.unresolved();
  }

  /**
   * A new request's attempts: pass it to each `pick` of the request. It starts on the
   * primary tier with one attempt per server not marked `down` (backups included), capped
   * by `nextUpstreamTries`, and the clock of `nextUpstreamTimeout` running.
   */
  tried(): Tried {
    const { primary, backup } = this.#balancing;
    // `tries` counts the peers listed now: a request made before a name resolved has none.
    const tries = primary.tries + (backup?.tries ?? 0);
    const cap = this.options.nextUpstreamTries;
    return new Tried(primary, cap > 0 && cap < tries ? cap : tries, this.options.nextUpstreamTimeout, this.#clock);
  }

  /**
   * Picks the server for one attempt of a request, as the group's NGINX balancer would; the
   * attempt counts as in progress on the peer (for `least_conn`, `random two` and
   * `maxConns`) until {@link release}. For a next upstream, pass the same `tried`: servers
   * it tried are not picked again. A `'busy'` or `'none'` answer leaves `tried` as it was,
   * so that a queued request picks again from where it stood.
   */
  pick(request: UpstreamRequest, tried: Tried): UpstreamPick {
    const { primary, backup } = this.#balancing;
    if (tried.current !== primary && tried.current !== backup) {
      if (!this.#tiers.has(tried.current)) throw new Error(`the tried set given is not of upstream group "${this.name}" (make it with its tried())`);
      // The peers changed since the request's last pick: it goes on on the new tier of its kind.
      tried.rebase(tried.current.backup && backup !== undefined ? backup : primary);
    }
    const now = this.#clock();
    const saved = tried.save();
    const peer = this.#balancer(this.#balancing, tried, request, now);
    let answer: UpstreamPick;
    if (peer !== undefined) {
      peer.take(now);
      tried.recordPick(peer);
      this.#picks++;
      answer = peer;
    } else {
      tried.restore(saved);
      answer = this.#anyFull(tried, now) ? 'busy' : 'none';
      if (answer === 'busy') this.#busy++;
      else this.#none++;
    }
    this.#sync(now);
    return answer;
  }

  /**
   * The attempt on `peer` is over (call it once per pick): `'failure'` for a connect error, a
   * connect timeout, or a reset before the first response byte; `'success'` otherwise
   * (NGINX frees a peer with state 0 also when the client went away).
   */
  release(peer: Peer, outcome: UpstreamOutcome): void {
    if (!this.#slots.owns(peer)) throw new Error(`the peer ${peer.address} is not of upstream group "${this.name}"`);
    const now = this.#clock();
    // A peer no longer listed (its address is gone from its name) is released as any: no one reads it again.
    peer.free(outcome === 'failure', now, this.#reported.has(peer) && this.#single(peer));
    this.#sync(now);
  }

  /** A connection to `peer` was opened (counted in the stats' `open`). */
  connectionOpened(peer: Peer): void {
    peer.opened();
  }

  /** A connection to `peer` was closed. */
  connectionClosed(peer: Peer): void {
    peer.closed();
  }

  /** The state of `peer` now. */
  stateOf(peer: Peer): UpstreamPeerState {
    return peer.state(this.#clock(), this.#single(peer));
  }

  /** The group's stats now: its counters and each server's state and counters. */
  stats(): UpstreamGroupStats {
    const now = this.#clock();
    const resolved = this.#slots.stats();
    return {
      name: this.name,
      balance: this.balance,
      picks: this.#picks,
      busy: this.#busy,
      none: this.#none,
      peers: this.#peers.map((p) => p.stats(now, this.#single(p), this.#reported.get(p)!.unavailable)),
      ...(resolved === undefined ? {} : { resolved }),
    };
  }

  /**
   * The tiers, the peer list and the consistent-hash ring from the servers' peers now
   * (`ngx_http_upstream_zone_set_single` and `ngx_http_upstream_update_chash` after a change).
   * The backup tier exists whenever a backup server is configured, even with no address yet.
   */
  #rebuild(random: () => number): Balancing {
    const primaries = this.#slots.peersOf(false);
    const backups = this.#slots.peersOf(true);
    const primary = new Tier(Object.freeze(primaries), false, primaries.length === 1 && backups.length === 0);
    const backup = this.#slots.hasBackups ? new Tier(Object.freeze(backups), true, false) : undefined;
    this.#tiers.add(primary);
    if (backup !== undefined) this.#tiers.add(backup);
    this.#peers = Object.freeze([...primaries, ...backups]);
    const o = this.options;
    const balancing: Balancing = { primary, backup, random, points: o.balance === 'hash' && o.consistent ? chashPoints(primary) : undefined, key: o.hashKey };
    const now = this.#clock();
    const reported = new Map<Peer, { state: UpstreamPeerState; unavailable: number }>();
    for (const p of this.#peers) reported.set(p, this.#reported.get(p) ?? { state: p.state(now, !p.backup && primary.single), unavailable: 0 });
    this.#reported = reported;
    return balancing;
  }

  #single(peer: Peer): boolean {
    return !peer.backup && this.#balancing.primary.single;
  }

  /** Whether a server the request could use is held back only by its `maxConns`. */
  #anyFull(tried: Tried, now: number): boolean {
    const { primary, backup } = this.#balancing;
    const tiers = tried.current === primary ? [primary, backup] : [backup];
    for (const tier of tiers) {
      for (const peer of tier?.peers ?? []) {
        if ((tier === tried.current && tried.has(peer)) || peer.down) continue;
        if (!tier!.single && peer.isFailed(now)) continue;
        if (peer.isFull()) return true;
      }
    }
    return false;
  }

  /** Reports the servers whose state changed since last reported. */
  #sync(now: number): void {
    const changes: UpstreamStateChange[] = [];
    for (const [peer, reported] of this.#reported) {
      const to = peer.state(now, this.#single(peer));
      const from = reported.state;
      if (to === from) continue;
      reported.state = to;
      if (to === 'failed') reported.unavailable++;
      changes.push({ group: this.name, address: peer.address, server: peer.server, from, to, at: now, until: to === 'failed' ? peer.failedUntil() : undefined });
    }
    for (const change of changes) this.#onStateChange?.(change);
  }
}
