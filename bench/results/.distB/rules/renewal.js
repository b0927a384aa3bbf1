"use strict";
/**
 * Warm replacement: when a connection is about to be retired (its last allowed request, or
 * the end of its lifetime near) while its origin has demand, a replacement is opened in the
 * background, within every socket limit, so that the next request finds it ready.
 * @module
 */
Object.defineProperty(exports, "__esModule", { value: true });
exports.DEMAND_WINDOW_MS = void 0;
exports.lifetimeMargin = lifetimeMargin;
exports.retiresSoon = retiresSoon;
exports.hasRecentDemand = hasRecentDemand;
exports.mayOpenReplacement = mayOpenReplacement;
const verdicts_1 = require("./verdicts");
/** An origin whose previous request started at most this long ago (ms) has demand. */
exports.DEMAND_WINDOW_MS = 1000;
/** How long before the end of its lifetime (ms) a connection counts as about to be retired. */
function lifetimeMargin(lifetime) {
    return Math.min(5000, lifetime * 0.05);
}
/** The request that just started on the connection is its last, or it started near the end of its lifetime. */
function retiresSoon(requests, requestLimit, age, lifetime) {
    return (0, verdicts_1.isLastRequest)(requests, requestLimit) || age + lifetimeMargin(lifetime) >= lifetime;
}
/** The origin's previous request started within {@link DEMAND_WINDOW_MS} of `now`. */
function hasRecentDemand(now, previousRequestAt) {
    return now - previousRequestAt <= exports.DEMAND_WINDOW_MS;
}
/** A replacement may be opened: it fits under every limit. */
function mayOpenReplacement(r) {
    return (r.originSockets < r.maxSockets &&
        r.totalSockets < r.maxTotalSockets &&
        r.originIdle < r.maxFreeSockets &&
        r.idle < r.maxIdleSockets);
}
//# sourceMappingURL=renewal.js.map