/**
 * The groups of one agent, found by the host a request names.
 * @module
 */
import { UpstreamGroup, type UpstreamGroupRuntime } from './group';
import type { ResolvedUpstreams } from './options';
import type { UpstreamGroupStats } from './stats';

/** Every group of the `upstreams` option, each an {@link UpstreamGroup}, by name. */
export class UpstreamGroups implements Iterable<UpstreamGroup> {
  readonly #byHost = new Map<string, UpstreamGroup>();

  /**
   * @param upstreams The resolved option (`resolveUpstreams`).
   * @param runtime The clock, random source and state-change callback, shared by the groups.
   */
  constructor(upstreams: ResolvedUpstreams, runtime: UpstreamGroupRuntime = {}) {
    for (const group of Object.values(upstreams)) this.#byHost.set(group.name.toLowerCase(), new UpstreamGroup(group, runtime));
  }

  /**
   * The group a request's host names, or `undefined` for a host that is no group's name
   * (served as without groups). Host names are compared without case; give the host
   * without its port (a group is reached on any port) and without a trailing dot.
   */
  get(host: string): UpstreamGroup | undefined {
    return this.#byHost.size === 0 ? undefined : this.#byHost.get(host.toLowerCase());
  }

  /** The number of groups. */
  get size(): number {
    return this.#byHost.size;
  }

  [Symbol.iterator](): Iterator<UpstreamGroup> {
    return this.#byHost.values();
  }

  /** Each group's stats, in the order of the option. */
  stats(): UpstreamGroupStats[] {
    return [...this.#byHost.values()].map((g) => g.stats());
  }
}
