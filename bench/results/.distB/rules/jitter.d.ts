/**
 * Per-socket limits drawn with jitter, so that sockets opened together (a burst at start-up)
 * do not all reach their request limit or lifetime at the same moment and renew in a burst.
 * A drawn limit is never above the configured one.
 * @module
 */
/** A request limit drawn uniformly from the integers in `[ceil(limit × (1 − jitter)), limit]`, at least 1. */
export declare function drawRequestLimit(limit: number, jitter: number, random?: () => number): number;
/** A lifetime (ms) drawn uniformly from `(limit × (1 − jitter), limit]`. */
export declare function drawLifetime(limit: number, jitter: number, random?: () => number): number;
//# sourceMappingURL=jitter.d.ts.map