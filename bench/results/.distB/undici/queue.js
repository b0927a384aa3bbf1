"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.enqueue = enqueue;
exports.dequeue = dequeue;
exports.withdraw = withdraw;
exports.failAll = failAll;
exports.oldestWaits = oldestWaits;
exports.reject = reject;
const errors_1 = require("../errors");
const diagnostics_1 = require("../observability/diagnostics");
const timers_1 = require("../rules/timers");
const core_1 = require("./core");
/** `x` found no idle connection and no room: it waits, unless the queue is full. */
function enqueue(core, op, x) {
    const o = core.options;
    if (op.queue.length >= o.maxQueuedRequests) {
        reject(core, op, x, 'queue_full', new errors_1.QueueFullError(op.entry.label, o.maxQueuedRequests), 0);
        return;
    }
    x.queuedAt = (0, core_1.now)();
    op.queue.push(x);
    core.waiting.add(op);
    const timeout = o.queueTimeout;
    if (timeout > 0 && timeout !== Infinity)
        x.queueTimer = setTimeout(expire, Math.min(timeout, timers_1.MAX_TIMER_MS), core, op, x).unref();
    if ((0, diagnostics_1.wants)(core.emitter, 'requestQueued')) {
        const message = { frontEnd: 'KeepAliveDispatcher', dispatcher: core.emitter, request: x.opts, origin: op.entry.label, queued: op.queue.length };
        (0, diagnostics_1.announce)(core.emitter, 'requestQueued', message);
    }
}
/** The oldest waiting request of `op` gets a connection. */
function dequeue(core, op) {
    const x = op.queue.shift();
    settle(core, op, x);
    if ((0, diagnostics_1.wants)(core.emitter, 'requestDequeued')) {
        const message = {
            frontEnd: 'KeepAliveDispatcher',
            dispatcher: core.emitter,
            request: x.opts,
            origin: op.entry.label,
            waited: (0, core_1.now)() - x.queuedAt,
        };
        (0, diagnostics_1.announce)(core.emitter, 'requestDequeued', message);
    }
    return x;
}
/** The caller aborted `x` while it waited (its error is delivered by the exchange). */
function withdraw(core, op, x) {
    if (op.dropHandoff(x))
        return; // it waited a microtask for a release: not queued
    if (!op.dropQueued(x))
        return;
    settle(core, op, x);
    announceRejected(core, op, x, 'aborted', undefined, (0, core_1.now)() - x.queuedAt);
}
/** Fails every waiting request with `err` (`destroy()`). */
function failAll(core, op, err) {
    for (const x of op.queue.splice(0)) {
        settle(core, op, x);
        reject(core, op, x, 'agent_closed', err, (0, core_1.now)() - x.queuedAt);
    }
}
/** How long the longest-waiting request has waited (ms), overall and per origin label. */
function oldestWaits(core) {
    const t = (0, core_1.now)();
    const byOrigin = new Map();
    let total = 0;
    for (const op of core.waiting) {
        const head = op.queue[0];
        if (head === undefined)
            continue;
        const waited = t - head.queuedAt;
        byOrigin.set(op.entry.label, Math.max(waited, byOrigin.get(op.entry.label) ?? 0));
        if (waited > total)
            total = waited;
    }
    return { total, byOrigin };
}
/** Fails `x` before it is sent. */
function reject(core, op, x, reason, err, waited) {
    announceRejected(core, op, x, reason, err, waited);
    x.fail(err);
}
function settle(core, op, x) {
    if (x.queueTimer !== undefined)
        clearTimeout(x.queueTimer);
    x.queueTimer = undefined;
    if (op.queue.length === 0)
        core.waiting.delete(op);
}
function expire(core, op, x) {
    x.queueTimer = undefined;
    if (!op.dropQueued(x))
        return;
    settle(core, op, x);
    reject(core, op, x, 'queue_timeout', new errors_1.QueueTimeoutError(op.entry.label, core.options.queueTimeout), (0, core_1.now)() - x.queuedAt);
}
function announceRejected(core, op, x, reason, err, waited) {
    if (!(0, diagnostics_1.wants)(core.emitter, 'requestRejected'))
        return;
    const message = {
        frontEnd: 'KeepAliveDispatcher',
        dispatcher: core.emitter,
        request: x.opts,
        origin: op.entry.label,
        reason,
        waited,
        error: err,
    };
    (0, diagnostics_1.announce)(core.emitter, 'requestRejected', message);
}
//# sourceMappingURL=queue.js.map