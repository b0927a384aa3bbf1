/**
 * The groups of one agent, found by the host a request names.
 * @module
 */
import { UpstreamGroup, type UpstreamGroupRuntime } from './group';
import type { ResolvedUpstreams } from './options';
import type { UpstreamGroupStats } from './stats';
/** Every group of the `upstreams` option, each an {@link UpstreamGroup}, by name. */
export declare class UpstreamGroups implements Iterable<UpstreamGroup> {
    #private;
    /**
     * @param upstreams The resolved option (`resolveUpstreams`).
     * @param runtime The clock, random source and state-change callback, shared by the groups.
     */
    constructor(upstreams: ResolvedUpstreams, runtime?: UpstreamGroupRuntime);
    /**
     * The group a request's host names, or `undefined` for a host that is no group's name
     * (served as without groups). Host names are compared without case; give the host
     * without its port (a group is reached on any port) and without a trailing dot.
     */
    get(host: string): UpstreamGroup | undefined;
    /** The number of groups. */
    get size(): number;
    [Symbol.iterator](): Iterator<UpstreamGroup>;
    /** Each group's stats, in the order of the option. */
    stats(): UpstreamGroupStats[];
}
//# sourceMappingURL=upstream-groups.d.ts.map