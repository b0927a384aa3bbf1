"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.watchConnect = watchConnect;
const errors_1 = require("../errors");
const timers_1 = require("../rules/timers");
/**
 * Watches a new connection until it is established (TCP `connect`, or for TLS `secureConnect`,
 * the end of the handshake): it stays `connecting` until then, fails after `timeout` ms (0 or
 * Infinity: never) with a `ConnectTimeoutError`, and counts the TLS handshake as resumed or
 * full. Its listeners go when the connection is established or closed; its timer is
 * `unref()`'d (the connecting socket keeps the process alive, as with Node's agent, not us).
 * @returns whether the connection was still being established.
 */
function watchConnect(conn, timeout, tls) {
    const socket = conn.socket;
    const secure = tls && socket.encrypted === true;
    if (secure && socket._secureEstablished === true) {
        // Handed over with its handshake done (a connection tunnelled through a proxy).
        countHandshake(conn, socket);
        return false;
    }
    if (!secure && !socket.connecting)
        return false;
    const ready = secure ? 'secureConnect' : 'connect';
    let timer;
    if (timeout > 0 && timeout !== Infinity) {
        timer = setTimeout(() => {
            conn.reason ??= 'error';
            socket.destroy(new errors_1.ConnectTimeoutError(conn.origin, timeout, secure));
        }, Math.min(timeout, timers_1.MAX_TIMER_MS));
        timer.unref();
    }
    const done = () => {
        conn.established();
        if (timer !== undefined)
            clearTimeout(timer);
        socket.removeListener('close', done);
        socket.removeListener(ready, done);
        if (secure && !socket.destroyed)
            countHandshake(conn, socket);
    };
    socket.once(ready, done);
    socket.once('close', done);
    return true;
}
/** Counts a finished TLS handshake as resumed or full. */
function countHandshake(conn, socket) {
    if (socket.isSessionReused === undefined)
        return;
    if (socket.isSessionReused())
        conn.counters.tlsResumed = (conn.counters.tlsResumed ?? 0) + 1;
    else
        conn.counters.tlsFull = (conn.counters.tlsFull ?? 0) + 1;
}
//# sourceMappingURL=connect-watch.js.map