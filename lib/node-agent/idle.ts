/**
 * A connection enters the pool (Node's `keepSocketAlive`), leaves it (`reuseSocket`), and what
 * closes it while it is there.
 * @module
 */
import { type Connection, connectionOf } from '../connection/connection';
import { keepAliveHintOf } from '../rules/keep-alive-header';
import { effectiveIdleTimeout, idleTimeoutReason } from '../rules/idle-timeout';
import { now, type PoolCore } from './core';
import { assign, closeIdle, evictIdle, leaveIdle } from './lifecycle';
import type { InternalClientRequest, InternalSocket } from './node-internals';

/**
 * After Node's `keepSocketAlive` (`nodeSays` is its verdict): arm the idle timeout (the
 * connection's own timer: the socket timeout stays the one Node's keepSocketAlive set, which
 * Node's own listener answers), watch for data, and make room under `maxIdleSockets`.
 * @returns false when the socket must not be pooled (Node then destroys it).
 */
export function enterIdle(core: PoolCore, socket: InternalSocket, nodeSays: boolean): boolean {
  const conn = connectionOf(socket);
  if (conn === undefined) return nodeSays;
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
  const t = conn.releasedAt > 0 ? conn.releasedAt : now();
  conn.releasedAt = 0;
  const ms = idleBudget(core, conn, socket._httpMessage?.res, t);
  const reason = idleTimeoutReason(ms, conn.lifetime - (t - conn.createdAt));
  if (ms <= 0) {
    conn.reason ??= reason;
    return false;
  }
  core.idle.makeRoom(evictIdle, core);
  // Where Node's `timeout` is the binding limit, the socket timeout Node's keepSocketAlive armed
  // closes the socket (its 'timeout' event first, which callers listen for): the pool's own
  // timer is only a backstop, a little later, rather than a race it could win (`ms` > 0 here:
  // equal to Node's `timeout` only when that is set and binding).
  conn.rest(t, ms === core.agent.options.timeout ? ms + NODE_TIMEOUT_GRACE_MS : ms, reason);
  core.idle.add(conn);
  return true;
}

/** How long after Node's own socket timeout the pool's timer closes an idle socket it left open (ms). */
const NODE_TIMEOUT_GRACE_MS = 1000;

/**
 * Rule 5 for a release at `t`: the effective idle timeout (ms; zero or less: the connection must
 * not carry another request), with the server's `Keep-Alive` hint read from the response of the
 * exchange just ended (`res`), or the last one the connection had.
 */
export function idleBudget(core: PoolCore, conn: Connection, res: { readonly rawHeaders: string[] } | null | undefined, t: number): number {
  const hint = res ? keepAliveHintOf(res.rawHeaders, conn) : conn.lastHint;
  conn.lastHint = hint;
  const nodeTimeout = core.agent.options.timeout;
  const o = core.options;
  return effectiveIdleTimeout(o.idleTimeout, hint, o.agentKeepAliveTimeoutBuffer, typeof nodeTimeout === 'number' ? nodeTimeout : 0, conn.lifetime - (t - conn.createdAt));
}

/** Node took an idle (or reserved) socket for `req` (after its `reuseSocket`). */
export function onReuse(core: PoolCore, socket: InternalSocket, req: InternalClientRequest): void {
  const conn = connectionOf(socket);
  if (conn === undefined) return;
  // Node has decided: what was changed for its decision goes back before any listener runs.
  const scope = core.scopes.of(req);
  if (scope !== undefined) core.scopes.restore(scope);
  // The socket timeout is Node's throughout (Node's setRequestSocket applies `req.timeout`).
  leaveIdle(core, conn);
  assign(core, conn, req, scope);
}

/** Bytes arrived on an idle connection: it is stale. */
export function staleWhileIdle(core: PoolCore, conn: Connection): void {
  closeIdle(core, conn.socket as InternalSocket, 'stale');
}

/** The connection's idle timer fired while it was idle: close it if its deadline has passed (else the timer re-arms). */
export function idleTimerDue(core: PoolCore, conn: Connection): void {
  if (conn.idleTimer.expired(now(), conn.idleDeadline)) closeIdle(core, conn.socket as InternalSocket, conn.idleReason);
}
