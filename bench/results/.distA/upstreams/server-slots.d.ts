import type { ResolvedUpstreamServer } from './options';
import { Peer } from './peer';
import type { UpstreamResolveStats } from './stats';
/** A server whose name is resolved while the agent runs, as the resolver sees it. */
export interface ResolvableServer {
    /** Its index in the group's `servers` (what `UpstreamGroup.setAddresses` takes). */
    readonly index: number;
    /** The name to resolve. */
    readonly host: string;
    readonly server: ResolvedUpstreamServer;
}
/** What one resolution changed: the peers added and those removed (each in the order of the server's list). */
export interface PeerSetChange {
    readonly added: readonly Peer[];
    readonly removed: readonly Peer[];
}
export declare class ServerSlots {
    #private;
    /** The servers to resolve, in the order of the configuration. */
    readonly resolvable: readonly ResolvableServer[];
    constructor(group: string, servers: readonly ResolvedUpstreamServer[]);
    /** The peers of the primary servers, or of the backups, in the order of the configuration. */
    peersOf(backup: boolean): Peer[];
    /** Whether a backup server is configured (the backup tier exists, even while it has no address). */
    get hasBackups(): boolean;
    /** Whether `peer` was made for this group (listed now or not). */
    owns(peer: Peer): boolean;
    /**
     * The addresses the name of server `index` resolved to, at `at`: peers kept, removed and
     * added as NGINX's resolve handler does. Duplicates count once.
     * @throws {RangeError} for a server that is not resolved (`resolvable` lists those that are), or no address.
     */
    apply(index: number, ips: readonly string[], at: number): PeerSetChange;
    /** The name of server `index` could not be resolved: its peers stay what they were. */
    failed(index: number, error: Error, at: number): void;
    /**
     * Each resolved server that has no address now, with the error of its last resolution (or
     * one saying it has not been resolved yet): what a request that found no server is told.
     */
    unresolved(): {
        address: string;
        error: Error;
    }[];
    /** The resolved servers' stats; `undefined` when the group has none. */
    stats(): UpstreamResolveStats[] | undefined;
}
//# sourceMappingURL=server-slots.d.ts.map