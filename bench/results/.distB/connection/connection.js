"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.Connection = exports.kConnection = exports.ConnectionStateError = void 0;
exports.connectionOf = connectionOf;
/**
 * One pooled connection: its explicit state, its drawn limits, its counters' home, and the
 * listener and timer it owns while idle. Transitions assert their source state.
 * @module
 */
const node_events_1 = require("node:events");
const node_stream_1 = require("node:stream");
const idle_lru_1 = require("../rules/idle-lru");
const idle_timer_1 = require("../rules/idle-timer");
/** A transition from a state that does not allow it: a bug in the pool, never a user error. */
class ConnectionStateError extends Error {
    code = 'ERR_UPSTREAM_KEEPALIVE_INTERNAL_STATE';
    constructor(from, to) {
        super(`upstream-keepalive: a connection cannot go from '${from}' to '${to}'`);
        this.name = 'ConnectionStateError';
    }
}
exports.ConnectionStateError = ConnectionStateError;
/** The key under which a socket carries its connection. */
exports.kConnection = Symbol('upstream-keepalive.connection');
/** The connection a socket carries, if the pool opened it. */
function connectionOf(socket) {
    return socket?.[exports.kConnection];
}
class Connection {
    socket;
    owner;
    /** The transport's pool key for the connection's origin (Node's `agent.getName()`). */
    name;
    /** The readable origin (the key of the stats), its registry entry and counters. */
    origin;
    entry;
    counters;
    /** When it was opened (ms, monotonic clock). */
    createdAt;
    /** Its request limit and lifetime (ms), drawn with jitter. */
    requestLimit;
    lifetime;
    /** Requests started on it so far. */
    requests = 0;
    /** The request bound to it now (bound, possibly not yet started). */
    current = null;
    /** What the socket had been given to write when the current request was bound, and before that one. */
    writtenBefore = 0;
    writtenBeforePrevious = 0;
    /** What the socket had been given when its last exchange was released (-1: not known). */
    writtenAtRelease = -1;
    /** The clock when its last release was decided (ms, monotonic; 0: none pending), for the idle timeout that follows. */
    releasedAt = 0;
    /** Why it is being closed, once decided (the first decision wins). */
    reason;
    /** While idle: `socket.bytesRead` when it became idle. */
    idleBytesRead = 0;
    /** While idle: when it became idle, when its idle timeout is due (ms, monotonic), and why it would close then. */
    idleSince = 0;
    idleDeadline = 0;
    idleReason = 'idle_timeout';
    /** The server's last `Keep-Alive: timeout` hint (s), kept for an idle period with no new response. */
    lastHint;
    /** The last `Keep-Alive` value received and its hint ({@link HintMemo}). */
    hintHeader = undefined;
    hintOfHeader = undefined;
    /** Being handed to a queued request by the pool itself: the pool's release rules stand aside. */
    handingOver = false;
    /** The options it was opened with (a replacement is opened with the same). */
    connectOptions;
    /** Opened in the background as a warm replacement. */
    warm = false;
    /** A replacement was opened for it. */
    replaced = false;
    /** Its idle timeout (the socket timeout stays the transport's: nothing of ours runs on its reads and writes). */
    idleTimer = new idle_timer_1.IdleTimer(this, onIdleTimer);
    /** Its place in the pool's idle LRU. */
    lruLink = new idle_lru_1.LruLink(this);
    #state;
    #watchIdleData;
    constructor(init) {
        this.socket = init.socket;
        this.owner = init.owner;
        this.name = init.name;
        this.entry = init.entry;
        this.origin = init.entry.label;
        this.counters = init.entry.counters;
        this.createdAt = init.createdAt;
        this.requestLimit = init.requestLimit;
        this.lifetime = init.lifetime;
        this.#state = init.connecting ? 'connecting' : 'active';
        this.#watchIdleData = init.watchIdleData;
        this.socket[exports.kConnection] = this;
    }
    get state() {
        return this.#state;
    }
    /** Moves to `to` from one of the allowed states (no allocation: this runs on every request). */
    #move(to, a, b = a, c = b) {
        const s = this.#state;
        if (s !== a && s !== b && s !== c)
            throw new ConnectionStateError(s, to);
        this.#state = to;
    }
    /** The connection is established (`connect`, or for TLS `secureConnect`). */
    established() {
        if (this.#state === 'connecting')
            this.#state = 'active';
    }
    /** Taken from the pool, or its validation turn passed: it carries a request now. */
    activate() {
        this.#move('active', 'idle', 'reserved', 'active');
        this.#unwatchIdle();
    }
    /** Into the pool, idle for at most `ms` (`Infinity`: no idle timeout). */
    rest(now, ms, reason) {
        // A warm replacement is pooled while its handshake finishes.
        if (this.warm)
            this.#move('idle', 'active', 'connecting');
        else
            this.#move('idle', 'active');
        this.idleReason = reason;
        this.idleSince = now;
        this.idleDeadline = now + ms;
        this.idleBytesRead = this.socket.bytesRead;
        this.idleTimer.arm(now, this.idleDeadline);
        if (this.#watchIdleData)
            watchData(this.socket);
    }
    /** Out of the pool for its validation turn (it stays `idle` as far as timers go, but is taken). */
    reserve() {
        this.#move('reserved', 'idle');
    }
    /** Its validation turn found no request: back to idle, as it was (its deadline unchanged). */
    unreserve(now) {
        this.#move('idle', 'reserved');
        this.idleTimer.arm(now, this.idleDeadline);
    }
    /** Closed (or taken over): counted once, under `reason`. Returns false if it already was. */
    close(reason) {
        if (this.#state === 'closed')
            return false;
        this.#state = 'closed';
        this.reason = reason;
        this.#unwatchIdle();
        this.idleTimer.clear();
        return true;
    }
    /**
     * The idle listener, removed (also when it leaves the pool). The idle timer stays armed: if
     * it fires while the connection is busy it does nothing, and the next idle period re-arms it.
     */
    #unwatchIdle() {
        if (this.#watchIdleData)
            this.socket.removeListener('data', onIdleData);
    }
}
exports.Connection = Connection;
// Shared listeners (no closure per connection).
const addListener = node_events_1.EventEmitter.prototype.on;
const readableOn = node_stream_1.Readable.prototype.on;
/**
 * Listens for bytes on an idle socket. A socket that is flowing (as a released socket is: its
 * HTTP client only took its own listener off) needs only the listener: `Readable#on('data')`
 * would also schedule a `resume()` (a tick and a read) that a flowing stream does not need,
 * on every request. Any other socket gets `on('data')`, with what Readable does for it.
 */
function watchData(socket) {
    if (socket.readableFlowing === true && socket.on === readableOn)
        addListener.call(socket, 'data', onIdleData);
    else
        socket.on('data', onIdleData);
}
function onIdleData() {
    const conn = this[exports.kConnection];
    if (conn !== undefined && conn.state === 'idle')
        conn.owner.staleWhileIdle(conn);
}
function onIdleTimer(conn) {
    if (conn.state === 'idle')
        conn.owner.idleTimerDue(conn);
}
//# sourceMappingURL=connection.js.map