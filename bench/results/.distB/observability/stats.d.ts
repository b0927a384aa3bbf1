import type { UpstreamGroupStats } from '../upstreams/stats';
import { type CloseReasonCounts } from '../rules/close-reasons';
/** Counters that only grow, kept per origin and in total. */
export interface OriginCounters {
    /** Sockets created (connections opened). */
    created: number;
    /** Requests that went out on a socket that had carried a request before. */
    reused: number;
    /** Requests started on a socket of this agent. */
    requests: number;
    /** Sockets closed, by reason. */
    closed: CloseReasonCounts;
    /** Warm replacements (`warmReplacement`): opened in the background, then used by a request or closed unused. */
    warm: WarmCounters;
    /** `HttpsAgent` only: TLS handshakes that resumed a session. */
    tlsResumed?: number;
    /** `HttpsAgent` only: full TLS handshakes. */
    tlsFull?: number;
}
/** Connections opened in the background to replace one about to be retired. */
export interface WarmCounters {
    /** Opened (also counted in `created`). */
    opened: number;
    /** Given a request. */
    used: number;
    /** Closed before any request. */
    wasted: number;
}
/** A snapshot of one origin (or of the whole agent). Plain data: `JSON.stringify` it freely. */
export interface OriginStats extends OriginCounters {
    /** Sockets bound to a request now (including those still connecting). */
    active: number;
    /** Sockets idle in the pool now. */
    idle: number;
    /** Requests waiting for a socket now. */
    queued: number;
    /** Connections being established now (TCP connect, TLS handshake, or an asynchronous `createConnection`). */
    connecting: number;
    /** How long the longest-waiting queued request has waited (ms); 0 when none waits. */
    oldestQueuedMs: number;
}
/** What `agent.getStats()` returns. */
export interface AgentStats extends OriginStats {
    /** Per origin, keyed `scheme://host:port` (e.g. `"http://127.0.0.1:8080"`; see docs for the details). */
    origins: Record<string, OriginStats>;
    /**
     * With the `upstreams` option: each group's counters and each server's state (up, failed
     * until …, probing, down, backup), requests, active, open, fails and picks. A server's
     * connections are also in `origins`, under its address.
     */
    upstreams?: UpstreamGroupStats[];
}
export declare function newCounters(tls?: boolean): OriginCounters;
/** Adds the counters of `from` into `into`. */
export declare function addCounters(into: OriginCounters, from: OriginCounters): void;
/** What {@link snapshotStats} reads. */
export interface StatsSources {
    /** Counters per origin label. */
    counters: ReadonlyMap<string, OriginCounters>;
    /** Counters of origins no longer listed; added to the totals. */
    retired: OriginCounters;
    /** Node's pool key → origin label. */
    origins: ReadonlyMap<string, string>;
    sockets: NodeJS.ReadOnlyDict<readonly unknown[]>;
    freeSockets: NodeJS.ReadOnlyDict<readonly unknown[]>;
    requests: NodeJS.ReadOnlyDict<readonly unknown[]>;
    /** Connections not yet established, per origin label. */
    connecting: ReadonlyMap<string, number>;
    /** The longest wait of a queued request (ms), overall and per origin label. */
    oldestQueued: {
        total: number;
        byOrigin: ReadonlyMap<string, number>;
    };
    /** The totals show TLS handshakes (`tlsResumed`, `tlsFull`); an origin shows them when its counters have them. */
    tls: boolean;
}
/**
 * Builds the snapshot from the counters (per origin label) and the live socket and request
 * lists of Node's agent (per pool key, mapped to labels), so `active`, `idle` and `queued` are
 * always those of `agent.sockets`, `agent.freeSockets` and `agent.requests`.
 */
export declare function snapshotStats(src: StatsSources): AgentStats;
/** Adds warm-replacement counters `from` into `into`. */
export declare function addWarm(into: WarmCounters, from: WarmCounters): void;
//# sourceMappingURL=stats.d.ts.map