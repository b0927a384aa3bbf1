"use strict";
/**
 * Per-socket limits drawn with jitter, so that sockets opened together (a burst at start-up)
 * do not all reach their request limit or lifetime at the same moment and renew in a burst.
 * A drawn limit is never above the configured one.
 * @module
 */
Object.defineProperty(exports, "__esModule", { value: true });
exports.drawRequestLimit = drawRequestLimit;
exports.drawLifetime = drawLifetime;
/** A request limit drawn uniformly from the integers in `[ceil(limit × (1 − jitter)), limit]`, at least 1. */
function drawRequestLimit(limit, jitter, random = Math.random) {
    if (jitter === 0 || limit === Infinity)
        return limit;
    const low = Math.max(1, Math.ceil(limit * (1 - jitter)));
    return low + Math.floor(random() * (limit - low + 1));
}
/** A lifetime (ms) drawn uniformly from `(limit × (1 − jitter), limit]`. */
function drawLifetime(limit, jitter, random = Math.random) {
    if (jitter === 0 || limit === Infinity)
        return limit;
    return limit * (1 - jitter * random());
}
//# sourceMappingURL=jitter.js.map