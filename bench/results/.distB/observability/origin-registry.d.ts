import type { ClientRequestArgs } from 'node:http';
import { type OriginCounters } from './stats';
/** What the registry keeps per origin. */
export interface OriginEntry {
    readonly label: string;
    readonly counters: OriginCounters;
    /** Sockets of this origin created and not yet closed. */
    open: number;
    /** Node's pool keys that map to this origin. */
    readonly names: Set<string>;
    /** When its last request started (ms, monotonic clock): its demand, for warm replacement. */
    lastRequestAt: number;
}
/**
 * Origins by label and by Node's pool key, with their counters. Bounded: past `maxOrigins`
 * entries, the least recently connected origin with no open socket and no queued request is
 * folded into the `retired` counters (so totals stay exact) and dropped, so that a gateway
 * that talks to ever-new hosts does not grow without bound.
 */
export declare class OriginRegistry {
    private readonly protocol;
    private readonly tls;
    private readonly maxOrigins;
    private readonly hasQueued;
    private readonly entries;
    private readonly byName;
    /** Counters of origins dropped from the per-origin view; part of the totals. */
    readonly retired: OriginCounters;
    constructor(protocol: string, tls: boolean, maxOrigins: number, hasQueued: (name: string) => boolean);
    /** The origin label of a pool key, if the key is known. */
    labelOf(name: string): string | undefined;
    /** The entry for a socket being created for pool key `name`: made most recent, created if new. */
    track(name: string, connectOptions: ClientRequestArgs): OriginEntry;
    /** Counters by origin label, for the stats. */
    counters(): Map<string, OriginCounters>;
    /** Pool key → origin label, for the stats. */
    labels(): Map<string, string>;
    private prune;
}
//# sourceMappingURL=origin-registry.d.ts.map