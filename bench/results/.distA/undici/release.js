"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.releaseAfterResponse = releaseAfterResponse;
exports.releaseAfterError = releaseAfterError;
exports.releaseAfterUpgrade = releaseAfterUpgrade;
exports.restOrServe = restOrServe;
/**
 * A connection comes back from a request: the release rules (the agents' `releaseVerdict`),
 * then the next waiting request of its origin, or the pool (the effective idle timeout, the
 * per-origin and the cross-origin idle caps, least recently used evicted).
 * @module
 */
const retry_1 = require("../http/retry");
const idle_timeout_1 = require("../rules/idle-timeout");
const verdicts_1 = require("../rules/verdicts");
const close_reason_1 = require("./close-reason");
const core_1 = require("./core");
const lifecycle_1 = require("./lifecycle");
const queue_1 = require("./queue");
/** Filled in place on every release (the rules keep nothing): no allocation per request. */
const FACTS = { usable: false, errored: false, ended: false, exchange: null, requests: 0, requestLimit: 0, age: 0, lifetime: 0, closing: false };
const EXCHANGE = { responseComplete: false, requestWrittenInFull: false, keepAlive: false, http11: false, requestAllowsReuse: true };
const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE', 'PUT', 'DELETE']);
/** The request lets its connection carry another one (undici closes it after a `HEAD`, a `reset: true`, an upgrade). */
function allowsReuse(x) {
    const o = x.opts;
    return o.method !== 'HEAD' && o.reset !== true && !o.upgrade && !x.asksToClose;
}
/** The response of `x` is complete (run a microtask later, once undici has decided whether it keeps the socket). */
function releaseAfterResponse(core, x) {
    x.group.completing--;
    release(core, x);
    core.placeHandoffs(x.group);
}
function release(core, x) {
    const slot = x.slot;
    if (slot === null || slot.current !== x)
        return;
    slot.current = null;
    if (slot.state !== 'active')
        return;
    const socket = slot.socket;
    // undici destroyed the socket after the response by a rule of its own (a `close` token, an
    // HTTP/1.0 response, a HEAD): the facts of the exchange tell which.
    const reset = socket !== null && socket.destroyed && (0, close_reason_1.undiciInfo)(socket) === 'reset';
    const x11 = EXCHANGE;
    x11.responseComplete = true;
    x11.requestWrittenInFull = x.requestSent;
    x11.keepAlive = !x.response.close;
    x11.requestAllowsReuse = allowsReuse(x);
    // undici does not say which HTTP version answered: a reset no other fact explains is HTTP/1.0.
    x11.http11 = !(reset && x11.keepAlive && x11.requestWrittenInFull && x11.requestAllowsReuse);
    const f = FACTS;
    f.usable = reset || slot.usable;
    f.errored = !reset && (0, close_reason_1.hadError)(socket);
    f.ended = !reset && socket !== null && socket.readableEnded;
    f.exchange = x11;
    f.requests = slot.requests;
    f.requestLimit = slot.requestLimit;
    f.age = (0, core_1.now)() - slot.createdAt;
    f.lifetime = slot.lifetime;
    // Closing: a request still waiting for this origin is served first.
    f.closing = core.closing && slot.group.queue.length === 0;
    const reason = (0, verdicts_1.releaseVerdict)(f);
    f.exchange = null;
    if (reason !== undefined)
        (0, lifecycle_1.closeSlot)(core, slot, reason);
    else
        restOrServe(core, slot, x.headersRead ? x.response.hint : slot.lastHint);
}
/** `x` failed (or was refused at its start) while `slot` carried it. */
function releaseAfterError(core, x, err) {
    const slot = x.slot;
    if (x.startedOn !== null && x.reused && !x.responseStarted) {
        const method = typeof x.opts.method === 'string' ? x.opts.method.toUpperCase() : 'GET';
        (0, retry_1.noteReuseFailure)(err, IDEMPOTENT.has(method) || hasIdempotencyKey(x.opts.headers));
    }
    if (slot === null || slot.current !== x)
        return;
    slot.current = null;
    if (slot.state !== 'active')
        return;
    if (x.startedOn === null) {
        // It never started on the connection (refused by undici's checks, aborted in between, or
        // the connection could not be made): the connection is as it was.
        if (slot.takeable)
            restOrServe(core, slot, slot.lastHint);
        else
            (0, lifecycle_1.closeSlot)(core, slot, slot.socket === null ? undefined : 'error');
        return;
    }
    (0, lifecycle_1.closeSlot)(core, slot, x.callerAborted ? 'not_reusable' : undefined);
}
/** `x` upgraded its connection: the socket left the pool, and the connection with it. */
function releaseAfterUpgrade(core, x) {
    const slot = x.slot;
    if (slot === null)
        return;
    slot.current = null;
    (0, lifecycle_1.socketTakenOver)(core, slot);
    (0, lifecycle_1.closeSlot)(core, slot, 'not_reusable');
}
function hasIdempotencyKey(headers) {
    if (headers === null || typeof headers !== 'object')
        return false;
    if (Array.isArray(headers)) {
        for (let i = 0; i + 1 < headers.length; i += 2)
            if (String(headers[i]).toLowerCase() === 'idempotency-key' && String(headers[i + 1]) !== '')
                return true;
        return false;
    }
    for (const [name, value] of Object.entries(headers))
        if (name.toLowerCase() === 'idempotency-key' && String(value) !== '')
            return true;
    return false;
}
/**
 * `slot` may carry another request: give it the oldest request waiting for its origin, or
 * pool it for the effective idle timeout (the smallest of `idleTimeout`, the server's hint
 * less `agentKeepAliveTimeoutBuffer`, and its remaining lifetime).
 */
function restOrServe(core, slot, hint) {
    const op = slot.group;
    // A request made while this connection was being released goes first (it waited a microtask).
    for (let next = op.handoff.shift(); next !== undefined; next = op.handoff.shift()) {
        if (next.phase === 'waiting') {
            (0, lifecycle_1.run)(slot, next);
            return;
        }
    }
    if (op.queue.length > 0) {
        (0, lifecycle_1.run)(slot, (0, queue_1.dequeue)(core, op));
        return;
    }
    if (core.closing) {
        (0, lifecycle_1.closeSlot)(core, slot, 'agent_closed');
        return;
    }
    // Another origin waits for room under maxTotalSockets: this connection makes it.
    if (core.waiting.size > 0 && core.total >= core.options.maxTotalSockets) {
        for (const other of core.waiting) {
            if (other !== op && other.slots.size < core.options.maxSockets) {
                (0, lifecycle_1.closeSlot)(core, slot, 'evicted');
                return;
            }
        }
    }
    const o = core.options;
    const t = (0, core_1.now)();
    slot.lastHint = hint;
    const remaining = slot.lifetime - (t - slot.createdAt);
    const ms = (0, idle_timeout_1.effectiveIdleTimeout)(o.idleTimeout, hint, o.agentKeepAliveTimeoutBuffer, 0, remaining);
    const reason = (0, idle_timeout_1.idleTimeoutReason)(ms, remaining);
    if (ms <= 0) {
        (0, lifecycle_1.closeSlot)(core, slot, reason);
        return;
    }
    while (op.idle.length > 0 && op.idle.length >= o.maxFreeSockets)
        (0, lifecycle_1.closeSlot)(core, op.idle[0], 'evicted');
    core.lru.makeRoom(evictSlot, core);
    slot.rest(t, ms, reason);
    op.idle.push(slot);
    core.lru.add(slot);
}
/** Evicts the least recently used idle connection to make room under `maxIdleSockets` (`IdleLru.makeRoom`'s evict). */
function evictSlot(oldest, core) {
    (0, lifecycle_1.closeSlot)(core, oldest, 'evicted');
}
//# sourceMappingURL=release.js.map