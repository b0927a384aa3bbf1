"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.enterIdle = enterIdle;
exports.onReuse = onReuse;
exports.staleWhileIdle = staleWhileIdle;
exports.idleTimerDue = idleTimerDue;
/**
 * A connection enters the pool (Node's `keepSocketAlive`), leaves it (`reuseSocket`), and what
 * closes it while it is there.
 * @module
 */
const connection_1 = require("../connection/connection");
const keep_alive_header_1 = require("../rules/keep-alive-header");
const idle_timeout_1 = require("../rules/idle-timeout");
const core_1 = require("./core");
const lifecycle_1 = require("./lifecycle");
/**
 * After Node's `keepSocketAlive` (`nodeSays` is its verdict): arm the idle timeout (the
 * connection's own timer: the socket timeout stays the one Node's keepSocketAlive set, which
 * Node's own listener answers), watch for data, and make room under `maxIdleSockets`.
 * @returns false when the socket must not be pooled (Node then destroys it).
 */
function enterIdle(core, socket, nodeSays) {
    const conn = (0, connection_1.connectionOf)(socket);
    if (conn === undefined)
        return nodeSays;
    if (core.closing) {
        conn.reason ??= 'agent_closed';
        return false;
    }
    if (!nodeSays) {
        // Node's own verdict: the server's hint leaves no time to reuse the socket safely.
        conn.reason ??= 'idle_timeout';
        return false;
    }
    if (conn.state !== 'active' && !(conn.warm && conn.state === 'connecting')) {
        conn.reason ??= 'not_reusable'; // a socket that never carried a request
        return false;
    }
    // The clock read by this release's rules (the 'free' listener runs just before), else afresh.
    const t = conn.releasedAt > 0 ? conn.releasedAt : (0, core_1.now)();
    conn.releasedAt = 0;
    const res = socket._httpMessage?.res;
    const hint = res ? (0, keep_alive_header_1.keepAliveHintOf)(res.rawHeaders, conn) : conn.lastHint;
    conn.lastHint = hint;
    const nodeTimeout = core.agent.options.timeout;
    const remaining = conn.lifetime - (t - conn.createdAt);
    const o = core.options;
    const ms = (0, idle_timeout_1.effectiveIdleTimeout)(o.idleTimeout, hint, o.agentKeepAliveTimeoutBuffer, typeof nodeTimeout === 'number' ? nodeTimeout : 0, remaining);
    const reason = (0, idle_timeout_1.idleTimeoutReason)(ms, remaining);
    if (ms <= 0) {
        conn.reason ??= reason;
        return false;
    }
    core.idle.makeRoom(lifecycle_1.evictIdle, core);
    conn.rest(t, ms, reason);
    core.idle.add(conn);
    return true;
}
/** Node took an idle (or reserved) socket for `req` (after its `reuseSocket`). */
function onReuse(core, socket, req) {
    const conn = (0, connection_1.connectionOf)(socket);
    if (conn === undefined)
        return;
    // Node has decided: what was changed for its decision goes back before any listener runs.
    const scope = core.scopes.of(req);
    if (scope !== undefined)
        core.scopes.restore(scope);
    // The socket timeout is Node's throughout (Node's setRequestSocket applies `req.timeout`).
    (0, lifecycle_1.leaveIdle)(core, conn);
    (0, lifecycle_1.assign)(core, conn, req, scope);
}
/** Bytes arrived on an idle connection: it is stale. */
function staleWhileIdle(core, conn) {
    (0, lifecycle_1.closeIdle)(core, conn.socket, 'stale');
}
/** The connection's idle timer fired while it was idle: close it if its deadline has passed (else the timer re-arms). */
function idleTimerDue(core, conn) {
    if (conn.idleTimer.expired((0, core_1.now)(), conn.idleDeadline))
        (0, lifecycle_1.closeIdle)(core, conn.socket, conn.idleReason);
}
//# sourceMappingURL=idle.js.map