"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.openConnection = openConnection;
exports.hasHeaderApi = hasHeaderApi;
exports.assign = assign;
exports.unassign = unassign;
exports.leaveIdle = leaveIdle;
exports.closeIdle = closeIdle;
exports.evictIdle = evictIdle;
exports.finish = finish;
exports.hadError = hadError;
exports.isHttp11 = isHttp11;
const connect_watch_1 = require("../connection/connect-watch");
const connection_1 = require("../connection/connection");
const diagnostics_1 = require("../observability/diagnostics");
const jitter_1 = require("../rules/jitter");
const verdicts_1 = require("../rules/verdicts");
const core_1 = require("./core");
const node_adapter_1 = require("./node-adapter");
const warm_1 = require("./warm");
const node_internals_1 = require("./node-internals");
/** A socket of the agent was opened (Node's `createSocket` called back with it): give it its connection. */
function openConnection(core, owner, socket, name, connectOptions) {
    const entry = core.origins.track(name, connectOptions);
    entry.open++;
    const o = core.options;
    const conn = new connection_1.Connection({
        socket,
        owner,
        name,
        entry,
        createdAt: (0, core_1.now)(),
        requestLimit: (0, jitter_1.drawRequestLimit)(o.maxRequestsPerSocket, o.limitJitter),
        lifetime: (0, jitter_1.drawLifetime)(o.maxSocketLifetime, o.limitJitter),
        connecting: true, // until the connect watch says otherwise
        watchIdleData: !node_internals_1.NODE_GUARDS_FREE_SOCKETS,
    });
    conn.connectOptions = connectOptions;
    entry.counters.created++;
    if (!(0, connect_watch_1.watchConnect)(conn, o.connectTimeout, core.tls))
        conn.established();
    if ((0, diagnostics_1.wants)(core.agent, 'socketCreated')) {
        (0, diagnostics_1.announce)(core.agent, 'socketCreated', { frontEnd: core.frontEnd, agent: core.agent, socket, origin: entry.label });
    }
    return conn;
}
/**
 * The request has the header methods of an `OutgoingMessage` (Node's agent accepts any
 * object with `onSocket`: some callers pass a stand-in without them).
 */
function hasHeaderApi(req) {
    return typeof req.hasHeader === 'function' && typeof req.getHeader === 'function' && typeof req.setHeader === 'function';
}
/**
 * Binds `req` to the connection and counts it. Its last request is sent as any other (no
 * `Connection: close` of ours, which a proxy would copy to its client): the connection is
 * closed after that response instead, as NGINX closes one at `keepalive_requests`.
 */
function assign(core, conn, req, scope = core.scopes.of(req), at = 0) {
    if (scope !== undefined)
        scope.placed = true;
    conn.current = req;
    conn.writtenBeforePrevious = conn.writtenBefore;
    // Nothing is written on a socket between two requests: what it had been given when the last
    // exchange was released is where this one starts (read afresh when that is not known).
    const released = conn.writtenAtRelease;
    conn.writtenAtRelease = -1;
    conn.writtenBefore = released >= 0 ? released : (0, node_internals_1.writtenSoFar)(conn.socket);
    if (conn.warm && conn.requests === 0)
        conn.counters.warm.used++;
    conn.requests++;
    conn.counters.requests++;
    (0, warm_1.onRequestStarted)(core, conn, at > 0 ? at : scope !== undefined && scope.at > 0 ? scope.at : (0, core_1.now)());
    if (conn.requests > 1) {
        conn.counters.reused++;
        if ((0, diagnostics_1.wants)(core.agent, 'socketReused')) {
            const message = { frontEnd: core.frontEnd, agent: core.agent, socket: conn.socket, origin: conn.origin, request: req, requests: conn.requests };
            (0, diagnostics_1.announce)(core.agent, 'socketReused', message);
        }
    }
}
/** Undoes `assign` for a request that never started on the connection. */
function unassign(conn) {
    // The exchange before it is measured from where it started.
    conn.writtenBefore = conn.writtenBeforePrevious;
    if (conn.requests > 1)
        conn.counters.reused--;
    conn.requests--;
    conn.counters.requests--;
}
/** The connection leaves the pool to carry a request. */
function leaveIdle(core, conn) {
    core.idle.delete(conn);
    conn.activate();
}
/** Closes an idle socket (one in Node's free list) with `reason`, and takes it out of the agent at once. */
function closeIdle(core, socket, reason) {
    const conn = (0, connection_1.connectionOf)(socket);
    if (conn !== undefined) {
        conn.reason ??= reason;
        core.idle.delete(conn);
    }
    (0, node_adapter_1.closeFreeSocket)(socket);
}
/** Evicts the least recently used idle connection to make room under `maxIdleSockets` (`IdleLru.makeRoom`'s evict). */
function evictIdle(oldest, core) {
    closeIdle(core, oldest.socket, 'evicted');
}
/** Called once per connection when it closes or leaves the agent: counts it under its reason. */
function finish(core, conn, fallback) {
    if (conn.state === 'closed')
        return;
    const reason = conn.reason ?? fallback ?? inferReason(conn, (0, core_1.now)());
    core.idle.delete(conn);
    conn.close(reason);
    conn.entry.open--;
    conn.counters.closed[reason]++;
    if (conn.warm && conn.requests === 0)
        conn.counters.warm.wasted++;
    if ((0, diagnostics_1.wants)(core.agent, 'socketClosed')) {
        const message = {
            frontEnd: core.frontEnd,
            agent: core.agent,
            socket: conn.socket,
            origin: conn.origin,
            reason,
            requests: conn.requests,
            age: (0, core_1.now)() - conn.createdAt,
        };
        (0, diagnostics_1.announce)(core.agent, 'socketClosed', message);
    }
    core.connectionClosed();
}
/** An error was emitted on the socket, or Node's client destroyed it over a protocol error. */
function hadError(socket) {
    // `errored`: the stream was destroyed with an error; `_hadError`: Node's client destroyed
    // the socket after a parse error (no 'error' event on it).
    return (socket.errored !== null && socket.errored !== undefined) || socket._hadError === true;
}
/** The response came as HTTP/1.1 (the contract pools only those). */
function isHttp11(res) {
    return res.httpVersionMajor === 1 && res.httpVersionMinor === 1;
}
/** The reason of a connection that closed without the pool deciding it. */
function inferReason(conn, t) {
    const socket = conn.socket;
    const idle = conn.state === 'idle';
    const armed = idle ? (socket.timeout ?? 0) : 0;
    const req = conn.current;
    const res = req?.res;
    return (0, verdicts_1.closeReasonOf)({
        idle,
        errored: hadError(socket),
        ended: socket.readableEnded,
        bytesWhileIdle: idle && socket.bytesRead !== conn.idleBytesRead,
        idleFor: t - conn.idleSince,
        armedTimeout: armed,
        armedByPool: conn.idleSince + armed === conn.idleDeadline,
        idleReason: conn.idleReason,
        exchange: req === null
            ? null
            : {
                responseComplete: res !== undefined && res !== null && res.complete,
                keepAlive: req.shouldKeepAlive,
                http11: res !== undefined && res !== null && isHttp11(res),
                requestDestroyed: req.destroyed,
            },
    });
}
//# sourceMappingURL=lifecycle.js.map