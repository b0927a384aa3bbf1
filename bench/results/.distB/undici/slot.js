"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.Prepared = exports.Slot = void 0;
const idle_lru_1 = require("../rules/idle-lru");
const idle_timer_1 = require("../rules/idle-timer");
/** `G`: the origin the slot belongs to (opaque here). */
class Slot {
    group;
    client;
    state = 'active';
    /** The request it carries now. */
    current = null;
    /** The socket it has now (null before its first connection and after it closed), and whether it is being established. */
    socket = null;
    connecting = false;
    /** The current connection: opened at (ms, monotonic), its drawn limits, the requests it carried. */
    createdAt = 0;
    requestLimit = Infinity;
    lifetime = Infinity;
    requests = 0;
    /** Why the current connection is being closed, once decided (the first decision wins). */
    reason;
    /** The server's last `Keep-Alive` hint (s): it holds for an idle period that follows no response. */
    lastHint;
    /** While idle: since when, until when (ms, monotonic), and why it closes then. */
    idleSince = 0;
    idleDeadline = 0;
    idleReason = 'idle_timeout';
    /** Opened in the background as a warm replacement; a replacement was opened for it. */
    warm = false;
    replaced = false;
    /** Its idle timeout (armed lazily: about one timer per idle timeout under load, not one per request). */
    idleTimer;
    /** Its place in the pool's idle LRU. */
    lruLink = new idle_lru_1.LruLink(this);
    owner;
    constructor(owner, group, makeClient) {
        this.owner = owner;
        this.idleTimer = new idle_timer_1.IdleTimer(this, onTimer);
        this.group = group;
        this.client = makeClient((params, cb) => owner.connect(this, params, cb));
    }
    /** A new socket: the connection's facts start afresh. */
    beginConnection(socket, now, requestLimit, lifetime) {
        this.socket = socket;
        this.connecting = true;
        this.createdAt = now;
        this.requestLimit = requestLimit;
        this.lifetime = lifetime;
        this.requests = 0;
        this.reason = undefined;
        this.lastHint = undefined;
    }
    /** The socket is open, writable and not ended by the server. */
    get usable() {
        const s = this.socket;
        return s !== null && !this.connecting && !s.destroyed && s.writable && !s.readableEnded;
    }
    /** It may be taken from the pool: usable, or a warm replacement whose connection is still being established. */
    get takeable() {
        const s = this.socket;
        return this.connecting ? s !== null && !s.destroyed : this.usable;
    }
    /**
     * A warm replacement's connection, opened before its `Client` asks for one: handed over when
     * it does (at once if established, else once it is).
     */
    prepared;
    /** Into the pool for at most `ms` (Infinity: no timeout). */
    rest(now, ms, reason) {
        this.state = 'idle';
        this.idleSince = now;
        this.idleDeadline = now + ms;
        this.idleReason = reason;
        this.idleTimer.arm(now, this.idleDeadline);
    }
    /**
     * Out of the pool for good: the timer goes; the `Client` (and with it the socket) is
     * destroyed, failing a request it still carries with `err` (undici's `ClientDestroyedError` by default).
     */
    dispose(err = null) {
        this.state = 'closed';
        this.idleTimer.clear();
        // A warm replacement's connection its Client never took is the slot's own to close.
        if (this.prepared !== undefined)
            this.socket?.destroy();
        this.prepared = undefined;
        this.client.destroy(err, noop);
    }
}
exports.Slot = Slot;
function noop() { }
/** A connection opened ahead of its `Client`'s request for it. */
class Prepared {
    #settled = false;
    #err = null;
    #socket = null;
    #waiter;
    /** The connection is established (`socket`) or failed (`err`). */
    settle(err, socket) {
        // Until its Client takes it (and listens), an error on the waiting socket closes it, quietly.
        if (socket !== null)
            socket.on('error', noop);
        this.#settled = true;
        this.#err = err;
        this.#socket = socket;
        const waiter = this.#waiter;
        this.#waiter = undefined;
        if (waiter !== undefined)
            waiter(err, socket);
    }
    /** The `Client` asks: answered on a later tick (undici's connect path must not re-enter itself). */
    handOver(callback) {
        if (this.#settled)
            process.nextTick(callback, this.#err, this.#socket);
        else
            this.#waiter = callback;
    }
}
exports.Prepared = Prepared;
function onTimer(slot) {
    if (slot.state === 'idle')
        slot.owner.idleTimerDue(slot);
}
//# sourceMappingURL=slot.js.map