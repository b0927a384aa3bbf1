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
import { Peer } from './peer';
import { getRandom2Peer, getRandomPeer } from './random';
import { getRoundRobinPeer } from './round-robin';
import type { UpstreamGroupStats, UpstreamPeerState, UpstreamStateChange } from './stats';
import { Tier } from './tier';
import { Tried } from './tried';

/** What a group is run with besides its options: injected so that tests control time and chance. */
export interface UpstreamGroupRuntime {
  /** A monotonic clock, in milliseconds. Default: `performance.now()`. */
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
  /** Every peer: the primaries, then the backups, each in the order of the configuration. */
  readonly peers: readonly Peer[];
  readonly #options: ResolvedUpstreamGroup;
  readonly #balancing: Balancing;
  readonly #balancer: Balancer;
  readonly #clock: () => number;
  readonly #onStateChange: ((change: UpstreamStateChange) => void) | undefined;
  readonly #reported: UpstreamPeerState[];
  readonly #unavailable: number[];
  #picks = 0;
  #busy = 0;
  #none = 0;

  constructor(options: ResolvedUpstreamGroup, runtime: UpstreamGroupRuntime = {}) {
    this.name = options.name;
    this.balance = options.balance;
    this.#options = options;
    const primaries = options.servers.filter((s) => !s.backup);
    const backups = options.servers.filter((s) => s.backup);
    const primary = new Tier(
      primaries.map((s, i) => new Peer(options.name, s, i)),
      false,
      primaries.length === 1 && backups.length === 0,
    );
    const backup = backups.length === 0 ? undefined : new Tier(backups.map((s, i) => new Peer(options.name, s, i)), true, false);
    this.peers = Object.freeze([...primary.peers, ...(backup?.peers ?? [])]);
    this.#balancing = {
      primary,
      backup,
      random: runtime.random ?? Math.random,
      points: options.balance === 'hash' && options.consistent ? chashPoints(primary) : undefined,
      key: options.hashKey,
    };
    this.#balancer = balancerOf(options.balance, options.consistent, options.two);
    this.#clock = runtime.clock ?? (() => performance.now());
    this.#onStateChange = runtime.onStateChange;
    const now = this.#clock();
    this.#reported = this.peers.map((p) => p.state(now, this.#single(p)));
    this.#unavailable = this.peers.map(() => 0);
  }

  /**
   * A new request's attempts: pass it to each `pick` of the request. It starts on the
   * primary tier with one attempt per server not marked `down` (backups included), capped
   * by `nextUpstreamTries`, and the clock of `nextUpstreamTimeout` running.
   */
  tried(): Tried {
    const { primary, backup } = this.#balancing;
    const tries = primary.tries + (backup?.tries ?? 0);
    const cap = this.#options.nextUpstreamTries;
    return new Tried(primary, cap > 0 && cap < tries ? cap : tries, this.#options.nextUpstreamTimeout, this.#clock);
  }

  /**
   * Picks the server for one attempt of a request, as the group's NGINX balancer would; the
   * attempt counts as in progress on the peer (for `least_conn`, `random two` and
   * `maxConns`) until {@link release}. For a next upstream, pass the same `tried`: servers
   * it tried are not picked again. A `'busy'` or `'none'` answer leaves `tried` as it was,
   * so that a queued request picks again from where it stood.
   */
  pick(request: UpstreamRequest, tried: Tried): UpstreamPick {
    if (tried.current !== this.#balancing.primary && tried.current !== this.#balancing.backup) {
      throw new Error(`the tried set given is not of upstream group "${this.name}" (make it with its tried())`);
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
    if (!this.peers.includes(peer)) throw new Error(`the peer ${peer.address} is not of upstream group "${this.name}"`);
    const now = this.#clock();
    peer.free(outcome === 'failure', now, this.#single(peer));
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
    return {
      name: this.name,
      balance: this.balance,
      picks: this.#picks,
      busy: this.#busy,
      none: this.#none,
      peers: this.peers.map((p, i) => p.stats(now, this.#single(p), this.#unavailable[i]!)),
    };
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
        if ((tier === tried.current && tried.has(peer.index)) || peer.down) continue;
        if (!tier!.single && peer.isFailed(now)) continue;
        if (peer.isFull()) return true;
      }
    }
    return false;
  }

  /** Reports the servers whose state changed since last reported. */
  #sync(now: number): void {
    const changes: UpstreamStateChange[] = [];
    this.peers.forEach((peer, i) => {
      const to = peer.state(now, this.#single(peer));
      const from = this.#reported[i]!;
      if (to === from) return;
      this.#reported[i] = to;
      if (to === 'failed') this.#unavailable[i]!++;
      changes.push({ group: this.name, address: peer.address, from, to, at: now, until: to === 'failed' ? peer.failedUntil() : undefined });
    });
    for (const change of changes) this.#onStateChange?.(change);
  }
}
