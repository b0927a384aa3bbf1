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
import type { UpstreamGroup } from '../upstreams/group';
import type { PeerSetChange } from '../upstreams/server-slots';
/** A `lookup` function as `net.connect` takes it (`dns.lookup`'s signature). */
export type LookupFunction = (hostname: string, options: dns.LookupOptions, callback: (err: NodeJS.ErrnoException | null, address: string | dns.LookupAddress[], family?: number) => void) => void;
/** How long one lookup may take before it counts as failed (NGINX's `resolver_timeout` default, 30s). */
export declare const RESOLVE_TIMEOUT = 30000;
/** How the resolver is run. */
export interface ResolverSettings {
    /** The agent's `lookup` option; default `dns.lookup`. */
    readonly lookup?: LookupFunction | undefined;
    /** The agent's `family` option (4 or 6), passed to the lookup. */
    readonly family?: number | undefined;
    /** After each round of a group (every name answered or timed out), with what changed. */
    readonly onRound: (group: UpstreamGroup, change: PeerSetChange) => void;
}
export declare class UpstreamResolver {
    #private;
    /** Starts resolving the names of every group that has `resolve` servers, now. */
    constructor(groups: Iterable<UpstreamGroup>, settings: ResolverSettings);
    /** Whether a request to `group` must wait: its names have not been resolved once yet. */
    pending(group: UpstreamGroup): boolean;
    /**
     * Calls `then` once `group`'s first resolution is over, or after `timeout` ms, whichever
     * comes first (at once when it is over already); the timer is `unref()`'d.
     */
    whenResolved(group: UpstreamGroup, timeout: number, then: () => void): void;
    /**
     * Stops every timer (`agent.destroy()`; `close()` with `forGood`): lookups under way are
     * ignored, and requests waiting for a first resolution go on with the addresses known. After
     * a `destroy()` the agent stays usable: {@link resume} starts again.
     */
    stop(forGood: boolean): void;
    /** After `stop(false)` (a `destroy()`), a request to a group starts the loops again, with a round now. */
    resume(): void;
}
//# sourceMappingURL=upstream-resolver.d.ts.map