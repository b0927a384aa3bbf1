"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.releaseVerdict = releaseVerdict;
exports.takeVerdict = takeVerdict;
exports.isLastRequest = isLastRequest;
exports.needsValidationTurn = needsValidationTurn;
exports.closeReasonOf = closeReasonOf;
/**
 * Why a released connection may not carry another request, or `undefined` if it may: the
 * contract's rules 1 to 4 and 6 (rule 5, the idle timeout, is {@link effectiveIdleTimeout}'s).
 */
function releaseVerdict(f) {
    if (!f.usable)
        return f.errored ? 'error' : 'server_close';
    if (f.errored)
        return 'error';
    if (f.ended)
        return 'server_close';
    const x = f.exchange;
    if (x !== null) {
        if (!x.responseComplete || !x.requestWrittenInFull)
            return 'not_reusable';
        if (!x.keepAlive || !x.http11)
            return 'server_close';
        if (x.requestAllowsReuse === false)
            return 'not_reusable';
    }
    if (f.requests >= f.requestLimit)
        return 'max_requests';
    if (f.age >= f.lifetime)
        return 'max_lifetime';
    if (f.closing)
        return 'agent_closed';
    return undefined;
}
/**
 * Why an idle connection about to be taken may not carry a request, or `undefined` if it may.
 * `usable`: open, writable and not ended; `idle`: the pool holds it as idle.
 */
function takeVerdict(usable, idle, age, lifetime) {
    if (!usable || !idle)
        return 'stale';
    if (age >= lifetime)
        return 'max_lifetime';
    return undefined;
}
/** The request that started is the connection's last (its count includes it): the connection retires after it. */
function isLastRequest(requestsAfterThisOne, requestLimit) {
    return requestsAfterThisOne >= requestLimit;
}
/** A connection idle this long gets its validation turn before a request is written on it. */
function needsValidationTurn(idleFor, validateAfterIdle) {
    return idleFor >= validateAfterIdle;
}
/** The close reason of a connection that closed without the pool deciding it. */
function closeReasonOf(f) {
    if (f.idle) {
        // The inactivity timeout armed when it went idle fired, or something else closed it while
        // idle: data, EOF, an error. Timers may fire a little early against the pool's clock
        // (libuv starts them from its cached loop time), hence the slack.
        const quiet = !f.errored && !f.ended && !f.bytesWhileIdle;
        if (!quiet || f.armedTimeout <= 0)
            return 'stale';
        const slack = Math.min(1000, f.armedTimeout / 2);
        if (f.idleFor < f.armedTimeout - slack)
            return 'stale';
        return f.armedByPool ? f.idleReason : 'idle_timeout';
    }
    if (f.errored)
        return 'error';
    const x = f.exchange;
    if (x !== null && x.responseComplete) {
        if (!x.keepAlive || !x.http11)
            return 'server_close';
    }
    else if (x !== null && f.ended && !x.requestDestroyed) {
        // The server closed the connection before the response was complete: the request failed.
        return 'error';
    }
    if (f.ended)
        return 'server_close';
    return 'not_reusable';
}
//# sourceMappingURL=verdicts.js.map