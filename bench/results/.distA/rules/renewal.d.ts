/**
 * Warm replacement: when a connection is about to be retired (its last allowed request, or
 * the end of its lifetime near) while its origin has demand, a replacement is opened in the
 * background, within every socket limit, so that the next request finds it ready.
 * @module
 */
/** An origin whose previous request started at most this long ago (ms) has demand. */
export declare const DEMAND_WINDOW_MS = 1000;
/** How long before the end of its lifetime (ms) a connection counts as about to be retired. */
export declare function lifetimeMargin(lifetime: number): number;
/** The request that just started on the connection is its last, or it started near the end of its lifetime. */
export declare function retiresSoon(requests: number, requestLimit: number, age: number, lifetime: number): boolean;
/** The origin's previous request started within {@link DEMAND_WINDOW_MS} of `now`. */
export declare function hasRecentDemand(now: number, previousRequestAt: number): boolean;
/**
 * The counts a replacement must fit in, as they are when it would be opened. (An idle
 * connection of the origin does not make it needless: under load the connection being retired
 * carried its share of the requests, and without a replacement the pool shrinks by one at each
 * renewal until a request opens one on its own path.)
 */
export interface ReplacementRoom {
    /** The origin's sockets (active, idle and pending) and its cap. */
    readonly originSockets: number;
    readonly maxSockets: number;
    /** The agent's sockets (and pending ones) and its cap. */
    readonly totalSockets: number;
    readonly maxTotalSockets: number;
    /** Idle sockets of the origin, of the agent, and the caps. */
    readonly originIdle: number;
    readonly maxFreeSockets: number;
    readonly idle: number;
    readonly maxIdleSockets: number;
}
/** A replacement may be opened: it fits under every limit. */
export declare function mayOpenReplacement(r: ReplacementRoom): boolean;
//# sourceMappingURL=renewal.d.ts.map