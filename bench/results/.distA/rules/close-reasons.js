"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.CLOSE_REASONS = void 0;
exports.emptyCloseReasonCounts = emptyCloseReasonCounts;
/** Every {@link CloseReason}, in a fixed order (the order of `getStats().closed`'s keys). */
exports.CLOSE_REASONS = Object.freeze([
    'idle_timeout',
    'max_requests',
    'max_lifetime',
    'evicted',
    'server_close',
    'stale',
    'error',
    'not_reusable',
    'agent_closed',
]);
/** A fresh counter with every reason at zero. */
function emptyCloseReasonCounts() {
    return {
        idle_timeout: 0,
        max_requests: 0,
        max_lifetime: 0,
        evicted: 0,
        server_close: 0,
        stale: 0,
        error: 0,
        not_reusable: 0,
        agent_closed: 0,
    };
}
//# sourceMappingURL=close-reasons.js.map