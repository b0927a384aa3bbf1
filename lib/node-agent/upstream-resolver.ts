/**
 * The names of the `resolve` servers of an agent's upstream groups, resolved when the agent is
 * made and again every `resolveInterval` of their group (NGINX's `resolve` with the `valid=`
 * of its `resolver`), by the agent's `lookup` (Node's `dns.lookup` unless given, as
 * `net.connect` uses it), with `{ all: true }`. Each answer becomes the server's peers
 * (`UpstreamGroup.setAddresses`); a failed or timed-out lookup keeps the addresses of the last
 * one and is counted in the group's stats. The timers are `unref()`'d: they never keep the
 * process alive. A request to a group whose names have not been resolved yet waits for that
 * first resolution ({@link UpstreamResolver.whenResolved}).
 * @module
 */
import * as dns from 'node:dns';
import { MAX_TIMER_MS } from '../rules/timers';
import type { UpstreamGroup } from '../upstreams/group';
import type { PeerSetChange, ResolvableServer } from '../upstreams/server-slots';

/** A `lookup` function as `net.connect` takes it (`dns.lookup`'s signature). */
export type LookupFunction = (
  hostname: string,
  options: dns.LookupOptions,
  callback: (err: NodeJS.ErrnoException | null, address: string | dns.LookupAddress[], family?: number) => void,
) => void;

/** How long one lookup may take before it counts as failed (NGINX's `resolver_timeout` default, 30s). */
export const RESOLVE_TIMEOUT = 30_000;

/** How the resolver is run. */
export interface ResolverSettings {
  /** The agent's `lookup` option; default `dns.lookup`. */
  readonly lookup?: LookupFunction | undefined;
  /** The agent's `family` option (4 or 6), passed to the lookup. */
  readonly family?: number | undefined;
  /** After each round of a group (every name answered or timed out), with what changed. */
  readonly onRound: (group: UpstreamGroup, change: PeerSetChange) => void;
}

/** A group's resolution loop. */
interface Loop {
  readonly group: UpstreamGroup;
  timer: NodeJS.Timeout | undefined;
  /** Its first round is over (or the resolver stopped). */
  settled: boolean;
  /** Requests waiting for the first round. */
  readonly waiters: Set<() => void>;
  /** Bumped on stop: answers of an earlier round are dropped. */
  generation: number;
}

export class UpstreamResolver {
  readonly #settings: ResolverSettings;
  readonly #lookup: LookupFunction;
  readonly #loops = new Map<UpstreamGroup, Loop>();
  /** The timeouts of the lookups under way (cleared on stop). */
  readonly #lookups = new Set<NodeJS.Timeout>();
  #state: 'running' | 'stopped' | 'closed' = 'running';

  /** Starts resolving the names of every group that has `resolve` servers, now. */
  constructor(groups: Iterable<UpstreamGroup>, settings: ResolverSettings) {
    this.#settings = settings;
    this.#lookup = settings.lookup ?? (dns.lookup as LookupFunction);
    for (const group of groups) {
      if (group.resolvable.length === 0) continue;
      const loop: Loop = { group, timer: undefined, settled: false, waiters: new Set(), generation: 0 };
      this.#loops.set(group, loop);
      this.#round(loop);
    }
  }

  /** Whether a request to `group` must wait: its names have not been resolved once yet. */
  pending(group: UpstreamGroup): boolean {
    const loop = this.#loops.get(group);
    return loop !== undefined && !loop.settled;
  }

  /**
   * Calls `then` once `group`'s first resolution is over, or after `timeout` ms, whichever
   * comes first (at once when it is over already); the timer is `unref()`'d.
   */
  whenResolved(group: UpstreamGroup, timeout: number, then: () => void): void {
    const loop = this.#loops.get(group);
    if (loop === undefined || loop.settled) {
      then();
      return;
    }
    const timer = setTimeout(() => run(), Math.min(timeout, MAX_TIMER_MS)).unref();
    const run = (): void => {
      clearTimeout(timer);
      if (loop.waiters.delete(run)) then();
    };
    loop.waiters.add(run);
  }

  /**
   * Stops every timer (`agent.destroy()`; `close()` with `forGood`): lookups under way are
   * ignored, and requests waiting for a first resolution go on with the addresses known. After
   * a `destroy()` the agent stays usable: {@link resume} starts again.
   */
  stop(forGood: boolean): void {
    if (this.#state === 'closed') return;
    this.#state = forGood ? 'closed' : 'stopped';
    for (const loop of this.#loops.values()) {
      if (loop.timer !== undefined) clearTimeout(loop.timer);
      loop.timer = undefined;
      loop.generation++;
      this.#settle(loop);
    }
    for (const timer of this.#lookups) clearTimeout(timer);
    this.#lookups.clear();
  }

  /** After `stop(false)` (a `destroy()`), a request to a group starts the loops again, with a round now. */
  resume(): void {
    if (this.#state !== 'stopped') return;
    this.#state = 'running';
    for (const loop of this.#loops.values()) this.#round(loop);
  }

  /** One round: every name of the group looked up at once; the next round `resolveInterval` after the last answer. */
  #round(loop: Loop): void {
    loop.timer = undefined;
    const { group } = loop;
    const generation = loop.generation;
    const added: PeerSetChange['added'][number][] = [];
    const removed: PeerSetChange['removed'][number][] = [];
    let left = group.resolvable.length;
    for (const server of group.resolvable) {
      this.#resolve(server, (err, ips) => {
        if (generation !== loop.generation) return; // stopped meanwhile
        if (err !== null) group.resolveFailed(server.index, err);
        else {
          const change = group.setAddresses(server.index, ips);
          added.push(...change.added);
          removed.push(...change.removed);
        }
        if (--left > 0) return;
        this.#settings.onRound(group, { added, removed });
        this.#settle(loop);
        const interval = group.options.resolveInterval;
        if (this.#state === 'running' && interval !== Infinity) {
          loop.timer = setTimeout(() => this.#round(loop), Math.min(interval, MAX_TIMER_MS)).unref();
        }
      });
    }
  }

  #settle(loop: Loop): void {
    loop.settled = true;
    for (const run of [...loop.waiters]) run();
  }

  /** Looks one name up: its addresses, or the error (also for a lookup that throws, gives none, or takes over {@link RESOLVE_TIMEOUT}). */
  #resolve(server: ResolvableServer, done: (err: Error | null, ips: readonly string[]) => void): void {
    let answered = false;
    const answer = (err: Error | null, ips: readonly string[]): void => {
      if (answered) return;
      answered = true;
      clearTimeout(timer);
      this.#lookups.delete(timer);
      done(err, ips);
    };
    const timer = setTimeout(() => answer(lookupError(server.host, 'ETIMEOUT', `timed out after ${RESOLVE_TIMEOUT} ms`), []), RESOLVE_TIMEOUT).unref();
    this.#lookups.add(timer);
    const options: dns.LookupOptions = { all: true };
    if (this.#settings.family === 4 || this.#settings.family === 6) options.family = this.#settings.family;
    const lookup = this.#lookup; // called as net.connect calls it: as a plain function
    try {
      lookup(server.host, options, (err, address) => {
        if (err !== null && err !== undefined) return answer(err, []);
        const list = Array.isArray(address) ? address.map((a) => a.address) : [address];
        const ips = list.filter((ip): ip is string => typeof ip === 'string' && ip !== '');
        answer(ips.length === 0 ? lookupError(server.host, 'ENOTFOUND', 'gave no address') : null, ips);
      });
    } catch (err) {
      answer(err instanceof Error ? err : new Error(String(err)), []);
    }
  }
}

/** An error of the shape of Node's DNS errors (`code`, `hostname`). */
function lookupError(hostname: string, code: string, what: string): Error {
  return Object.assign(new Error(`lookup of "${hostname}" ${what}`), { code, hostname, syscall: 'getaddrinfo' });
}
