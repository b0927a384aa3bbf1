"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.effectiveIdleTimeout = effectiveIdleTimeout;
exports.idleTimeoutReason = idleTimeoutReason;
/**
 * The smallest of the pool's `idleTimeout`, the server's `Keep-Alive: timeout=N` hint (seconds)
 * minus `hintBuffer` (ms), Node's `timeout` when set (> 0), and the connection's remaining
 * lifetime. Zero or less: the connection must not be pooled.
 */
function effectiveIdleTimeout(idleTimeout, hintSeconds, hintBuffer, nodeTimeout, remainingLifetime) {
    let ms = idleTimeout;
    if (hintSeconds !== undefined)
        ms = Math.min(ms, hintSeconds * 1000 - hintBuffer);
    if (nodeTimeout > 0)
        ms = Math.min(ms, nodeTimeout);
    return Math.min(ms, remainingLifetime);
}
/** The close reason of an idle period that ends by timing out after `ms`. */
function idleTimeoutReason(ms, remainingLifetime) {
    return ms >= remainingLifetime ? 'max_lifetime' : 'idle_timeout';
}
//# sourceMappingURL=idle-timeout.js.map