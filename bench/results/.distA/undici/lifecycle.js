"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.socketOpened = socketOpened;
exports.socketTakenOver = socketTakenOver;
exports.run = run;
exports.requestStarted = requestStarted;
exports.closeSlot = closeSlot;
const diagnostics_1 = require("../observability/diagnostics");
const jitter_1 = require("../rules/jitter");
const close_reason_1 = require("./close-reason");
const controller_face_1 = require("./controller-face");
const core_1 = require("./core");
const peer_1 = require("./peer");
/** The socket close listener of each socket, to take it off when the socket is taken over (an upgrade). */
const closeListeners = new WeakMap();
/** A socket of `slot` exists (its connection is being established): count it, draw its limits, watch its close. */
function socketOpened(core, slot, socket) {
    const o = core.options;
    slot.beginConnection(socket, (0, core_1.now)(), (0, jitter_1.drawRequestLimit)(o.maxRequestsPerSocket, o.limitJitter), (0, jitter_1.drawLifetime)(o.maxSocketLifetime, o.limitJitter));
    const entry = slot.group.entry;
    entry.open++;
    entry.counters.created++;
    if (slot.warm)
        entry.counters.warm.opened++;
    core.sockets++;
    const onClose = () => socketClosed(core, slot, socket);
    closeListeners.set(socket, onClose);
    socket.once('close', onClose);
    if ((0, diagnostics_1.wants)(core.emitter, 'socketCreated')) {
        const message = { frontEnd: 'KeepAliveDispatcher', dispatcher: core.emitter, socket, origin: entry.label };
        (0, diagnostics_1.announce)(core.emitter, 'socketCreated', message);
    }
}
/** Counts a socket of `slot` as closed (or taken over), once, under its reason. */
function account(core, slot, socket, reason) {
    closeListeners.delete(socket);
    const entry = slot.group.entry;
    entry.open--;
    entry.counters.closed[reason]++;
    if (slot.warm && slot.requests === 0)
        entry.counters.warm.wasted++;
    core.sockets--;
    if ((0, diagnostics_1.wants)(core.emitter, 'socketClosed')) {
        const message = {
            frontEnd: 'KeepAliveDispatcher',
            dispatcher: core.emitter,
            socket,
            origin: entry.label,
            reason,
            requests: slot.requests,
            age: (0, core_1.now)() - slot.createdAt,
        };
        (0, diagnostics_1.announce)(core.emitter, 'socketClosed', message);
    }
    if (slot.socket === socket) {
        slot.socket = null;
        slot.connecting = false;
    }
}
/** A socket of `slot` closed. */
function socketClosed(core, slot, socket) {
    const current = slot.socket === socket;
    const reason = (current ? slot.reason : undefined) ?? (0, close_reason_1.inferredReason)(slot, socket, !(current && slot.connecting));
    account(core, slot, socket, reason);
    // Idle (or in its validation turn): nothing waits on its Client; it leaves the pool. In use,
    // the request's error (which undici reports next) closes it; a request not yet started on it
    // goes to the new socket undici opens for it.
    if (slot.state === 'idle' || slot.state === 'reserved')
        closeSlot(core, slot, reason);
    core.checkClosed();
}
/** The request on `slot` upgraded the connection: its socket is the caller's now (`not_reusable`). */
function socketTakenOver(core, slot) {
    const socket = slot.socket;
    if (socket === null)
        return;
    const onClose = closeListeners.get(socket);
    if (onClose !== undefined)
        socket.removeListener('close', onClose);
    account(core, slot, socket, 'not_reusable');
}
/** Runs `x` on `slot` (taken from the pool, or new). */
function run(slot, x) {
    slot.state = 'active';
    slot.current = x;
    x.slot = slot;
    x.phase = 'dispatched';
    slot.client.dispatch(x.opts, (peer_1.CONTROLLER_API_ONLY ? new controller_face_1.ControllerFace(x) : x));
}
/** undici started `x` on the socket of its connection: count the request. */
function requestStarted(core, x) {
    const slot = x.slot;
    x.startedOn = slot.socket;
    slot.requests++;
    x.reused = slot.requests > 1;
    const entry = slot.group.entry;
    const counters = entry.counters;
    counters.requests++;
    if (slot.warm && slot.requests === 1)
        counters.warm.used++;
    if (x.reused) {
        counters.reused++;
        if ((0, diagnostics_1.wants)(core.emitter, 'socketReused') && slot.socket !== null) {
            const message = {
                frontEnd: 'KeepAliveDispatcher',
                dispatcher: core.emitter,
                socket: slot.socket,
                origin: entry.label,
                request: x.opts,
                requests: slot.requests,
            };
            (0, diagnostics_1.announce)(core.emitter, 'socketReused', message);
        }
    }
}
/**
 * Takes `slot` out of the pool for good, its current connection closing with `reason` (the
 * first decision wins; `undefined`: the socket's close will tell), failing a request it still
 * carries with `err`. `serve`: what waits for room may take it at once.
 */
function closeSlot(core, slot, reason, err = null, serve = true) {
    if (slot.state === 'closed')
        return;
    if (reason !== undefined)
        slot.reason ??= reason;
    const op = slot.group;
    if (slot.state === 'idle') {
        core.lru.delete(slot);
        op.dropIdle(slot);
    }
    slot.dispose(err);
    op.slots.delete(slot);
    core.total--;
    if (serve)
        core.slotGone(op);
}
//# sourceMappingURL=lifecycle.js.map