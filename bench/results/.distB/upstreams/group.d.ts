import type { ResolvedUpstreamGroup, UpstreamBalance, UpstreamRequest } from './options';
import { Peer } from './peer';
import { type PeerSetChange, type ResolvableServer } from './server-slots';
import type { UpstreamGroupStats, UpstreamPeerState, UpstreamStateChange } from './stats';
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
/** One upstream group, built from its resolved options (`resolveUpstreamGroup`). */
export declare class UpstreamGroup {
    #private;
    readonly name: string;
    readonly balance: UpstreamBalance;
    /** The group's options: `resolveInterval` and the servers, as given. */
    readonly options: ResolvedUpstreamGroup;
    constructor(options: ResolvedUpstreamGroup, runtime?: UpstreamGroupRuntime);
    /** Every peer now: the primaries, then the backups, each in the order of the configuration. */
    get peers(): readonly Peer[];
    /** The servers whose hostname is resolved while the agent runs (`resolve`); none for most groups. */
    get resolvable(): readonly ResolvableServer[];
    /**
     * The name of server `index` (one of {@link resolvable}) resolved to `ips` (IP addresses):
     * its peers become one per address, with the server's parameters. A peer whose address
     * stays keeps its state (weights, passive health, counters); a peer removed while a request
     * uses it is released as usual (and forgotten); requests under way go on with the new peers.
     * @returns The peers added and removed.
     */
    setAddresses(index: number, ips: readonly string[]): PeerSetChange;
    /** The name of server `index` could not be resolved: its peers stay (as NGINX keeps them), the failure is in the stats. */
    resolveFailed(index: number, error: Error): void;
    /** Each resolved server that has no address now, with the error of its last resolution (for a `NoLiveUpstreamError`). */
    unresolved(): {
        address: string;
        error: Error;
    }[];
    /**
     * A new request's attempts: pass it to each `pick` of the request. It starts on the
     * primary tier with one attempt per server not marked `down` (backups included), capped
     * by `nextUpstreamTries`, and the clock of `nextUpstreamTimeout` running.
     */
    tried(): Tried;
    /**
     * Picks the server for one attempt of a request, as the group's NGINX balancer would; the
     * attempt counts as in progress on the peer (for `least_conn`, `random two` and
     * `maxConns`) until {@link release}. For a next upstream, pass the same `tried`: servers
     * it tried are not picked again. A `'busy'` or `'none'` answer leaves `tried` as it was,
     * so that a queued request picks again from where it stood.
     */
    pick(request: UpstreamRequest, tried: Tried): UpstreamPick;
    /**
     * The attempt on `peer` is over (call it once per pick): `'failure'` for a connect error, a
     * connect timeout, or a reset before the first response byte; `'success'` otherwise
     * (NGINX frees a peer with state 0 also when the client went away).
     */
    release(peer: Peer, outcome: UpstreamOutcome): void;
    /** A connection to `peer` was opened (counted in the stats' `open`). */
    connectionOpened(peer: Peer): void;
    /** A connection to `peer` was closed. */
    connectionClosed(peer: Peer): void;
    /** The state of `peer` now. */
    stateOf(peer: Peer): UpstreamPeerState;
    /** The group's stats now: its counters and each server's state and counters. */
    stats(): UpstreamGroupStats;
}
//# sourceMappingURL=group.d.ts.map