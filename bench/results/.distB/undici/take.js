"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.place = place;
exports.placeHandoffs = placeHandoffs;
exports.serveWaiting = serveWaiting;
/**
 * A request looks for a connection: an idle one of its origin, most recently used first,
 * that passes the take-time rules (`takeVerdict`: alive, and younger than its lifetime), with
 * a validation turn when it has been idle `validateAfterIdle`; else a new one within
 * `maxSockets` and `maxTotalSockets`; else it waits.
 * @module
 */
const errors_1 = require("../errors");
const verdicts_1 = require("../rules/verdicts");
const core_1 = require("./core");
const lifecycle_1 = require("./lifecycle");
const queue_1 = require("./queue");
const release_1 = require("./release");
/** Finds `x` a connection of `op`, or queues it. */
function place(core, op, x) {
    if (core.destroyed) {
        x.fail(new errors_1.AgentClosedError());
        return;
    }
    for (;;) {
        const slot = op.idle[op.idle.length - 1];
        if (slot === undefined)
            break;
        const t = (0, core_1.now)();
        const reason = (0, verdicts_1.takeVerdict)(slot.takeable, slot.state === 'idle', t - slot.createdAt, slot.lifetime);
        if (reason !== undefined) {
            (0, lifecycle_1.closeSlot)(core, slot, reason);
            continue;
        }
        op.idle.pop();
        core.lru.delete(slot);
        if ((0, verdicts_1.needsValidationTurn)(t - slot.idleSince, core.options.validateAfterIdle)) {
            // A close, a reset or stray bytes the server sent meanwhile are read in this turn,
            // before the request is written: if the connection turns out dead, another is found.
            slot.state = 'reserved';
            op.parked++;
            setImmediate(nextTurn, core, slot, x);
            return;
        }
        (0, lifecycle_1.run)(slot, x);
        return;
    }
    if (op.completing > 0) {
        // A connection of the origin is being released (a microtask away): wait for it.
        op.handoff.push(x);
        return;
    }
    if (mayOpen(core, op))
        (0, lifecycle_1.run)(core.newSlot(op), x);
    else
        (0, queue_1.enqueue)(core, op, x);
}
/**
 * A new connection of `op` fits: under `maxSockets`, and under `maxTotalSockets`, where the
 * least recently used idle connection of another origin makes room if needed.
 */
function mayOpen(core, op) {
    const o = core.options;
    if (op.slots.size >= o.maxSockets)
        return false;
    if (core.total < o.maxTotalSockets)
        return true;
    const oldest = core.lru.oldest();
    if (oldest === undefined)
        return false;
    (0, lifecycle_1.closeSlot)(core, oldest, 'evicted', null, false);
    return core.total < o.maxTotalSockets;
}
/**
 * Two immediates, as for the agents: the first may run in the check phase right after the poll
 * phase running now (whose readiness list predates what arrived meanwhile); the second runs
 * after the next poll phase, which reads what is pending on the socket.
 */
function nextTurn(core, slot, x) {
    setImmediate(validationTurn, core, slot, x);
}
function validationTurn(core, slot, x) {
    const op = slot.group;
    // The origin stays while the request is parked (it may have no connection left for a moment).
    const unpark = () => {
        op.parked--;
        core.dropIfEmpty(op);
    };
    if (slot.state !== 'reserved') {
        // It closed during its turn (stale): the request looks again.
        op.parked--;
        if (x.phase === 'waiting')
            place(core, op, x);
        else
            core.dropIfEmpty(op);
        return;
    }
    if (x.phase !== 'waiting') {
        // The caller gave up meanwhile: the connection goes back as it was.
        slot.state = 'active';
        unpark();
        (0, release_1.restOrServe)(core, slot, slot.lastHint);
        return;
    }
    if (!slot.takeable) {
        (0, lifecycle_1.closeSlot)(core, slot, 'stale');
        op.parked--;
        place(core, op, x);
        return;
    }
    unpark();
    (0, lifecycle_1.run)(slot, x);
}
/** No connection of `op` is completing any more: the requests that waited for one look again. */
function placeHandoffs(core, op) {
    if (op.completing > 0 || op.handoff.length === 0)
        return;
    for (const x of op.handoff.splice(0))
        if (x.phase === 'waiting')
            place(core, op, x);
}
/** Something left the pool: the oldest waiting request of `op`, else of another origin waiting for total room, gets a new connection. */
function serveWaiting(core, op) {
    const o = core.options;
    if (core.total >= o.maxTotalSockets)
        return;
    if (op.queue.length > 0 && op.slots.size < o.maxSockets) {
        (0, lifecycle_1.run)(core.newSlot(op), (0, queue_1.dequeue)(core, op));
        return;
    }
    for (const other of core.waiting) {
        if (other.queue.length > 0 && other.slots.size < o.maxSockets) {
            (0, lifecycle_1.run)(core.newSlot(other), (0, queue_1.dequeue)(core, other));
            return;
        }
    }
}
//# sourceMappingURL=take.js.map