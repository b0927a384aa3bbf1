/**
 * A connection's life in the Node-agent pool: opened, bound to requests, closed and counted.
 * @module
 */
import type { ClientRequest, ClientRequestArgs } from 'node:http';
import { watchConnect } from '../connection/connect-watch';
import { Connection, type ConnectionOwner, connectionOf } from '../connection/connection';
import { announce, type SocketClosedMessage, type SocketCreatedMessage, type SocketReusedMessage, wants } from '../observability/diagnostics';
import type { CloseReason } from '../rules/close-reasons';
import { drawLifetime, drawRequestLimit } from '../rules/jitter';
import { warmConnectTimeout } from '../rules/renewal';
import { closeReasonOf, isConnectionError } from '../rules/verdicts';
import type { AddScope } from './add-request';
import { now, type PoolCore } from './core';
import { closeFreeSocket } from './node-adapter';
import { onRequestStarted } from './warm';
import { type InternalClientRequest, type InternalSocket, NODE_GUARDS_FREE_SOCKETS, writtenSoFar } from './node-internals';

/** A socket of the agent was opened (Node's `createSocket` called back with it): give it its connection. */
export function openConnection(core: PoolCore, owner: ConnectionOwner, socket: InternalSocket, name: string, connectOptions: ClientRequestArgs, warm = false): Connection {
  const entry = core.origins.track(name, connectOptions);
  entry.open++;
  const o = core.options;
  const conn = new Connection({
    socket,
    owner,
    name,
    entry,
    createdAt: now(),
    requestLimit: drawRequestLimit(o.maxRequestsPerSocket, o.limitJitter),
    lifetime: drawLifetime(o.maxSocketLifetime, o.limitJitter),
    connecting: true, // until the connect watch says otherwise
    watchIdleData: !NODE_GUARDS_FREE_SOCKETS,
  });
  conn.connectOptions = connectOptions;
  entry.counters.created++;
  if (!watchConnect(conn, warm ? warmConnectTimeout(o.connectTimeout) : o.connectTimeout, core.tls)) conn.established();
  if (wants(core.agent, 'socketCreated')) {
    announce(core.agent, 'socketCreated', { frontEnd: core.frontEnd, agent: core.agent, socket, origin: entry.label } satisfies SocketCreatedMessage);
  }
  return conn;
}

/**
 * The request has the header methods of an `OutgoingMessage` (Node's agent accepts any
 * object with `onSocket`: some callers pass a stand-in without them).
 */
export function hasHeaderApi(req: ClientRequest): boolean {
  return typeof req.hasHeader === 'function' && typeof req.getHeader === 'function' && typeof req.setHeader === 'function';
}

/**
 * Binds `req` to the connection and counts it. Its last request is sent as any other (no
 * `Connection: close` of ours, which a proxy would copy to its client): the connection is
 * closed after that response instead, as NGINX closes one at `keepalive_requests`.
 */
export function assign(core: PoolCore, conn: Connection, req: InternalClientRequest, scope: AddScope | undefined = core.scopes.of(req), at = 0): void {
  if (scope !== undefined) scope.placed = true;
  conn.current = req;
  conn.writtenBeforePrevious = conn.writtenBefore;
  // Nothing is written on a socket between two requests: what it had been given when the last
  // exchange was released is where this one starts (read afresh when that is not known).
  const released = conn.writtenAtRelease;
  conn.writtenAtRelease = -1;
  conn.writtenBefore = released >= 0 ? released : writtenSoFar(conn.socket as InternalSocket);
  if (conn.warm && conn.requests === 0) conn.counters.warm.used++;
  conn.requests++;
  conn.counters.requests++;
  onRequestStarted(core, conn, at > 0 ? at : scope !== undefined && scope.at > 0 ? scope.at : now());
  if (conn.requests > 1) {
    conn.counters.reused++;
    if (wants(core.agent, 'socketReused')) {
      const message: SocketReusedMessage = { frontEnd: core.frontEnd, agent: core.agent, socket: conn.socket, origin: conn.origin, request: req, requests: conn.requests };
      announce(core.agent, 'socketReused', message);
    }
  }
}

/** Undoes `assign` for a request that never started on the connection. */
export function unassign(conn: Connection): void {
  // The exchange before it is measured from where it started.
  conn.writtenBefore = conn.writtenBeforePrevious;
  if (conn.requests > 1) conn.counters.reused--;
  conn.requests--;
  conn.counters.requests--;
}

/** The connection leaves the pool to carry a request. */
export function leaveIdle(core: PoolCore, conn: Connection): void {
  core.idle.delete(conn);
  conn.activate();
}

/** Closes an idle socket (one in Node's free list) with `reason`, and takes it out of the agent at once. */
export function closeIdle(core: PoolCore, socket: InternalSocket, reason: CloseReason): void {
  const conn = connectionOf(socket);
  if (conn !== undefined) {
    conn.reason ??= reason;
    core.idle.delete(conn);
  }
  closeFreeSocket(socket);
}

/** Evicts the least recently used idle connection to make room under `maxIdleSockets` (`IdleLru.makeRoom`'s evict). */
export function evictIdle(oldest: Connection, core: PoolCore): void {
  closeIdle(core, oldest.socket as InternalSocket, 'evicted');
}

/** Called once per connection when it closes or leaves the agent: counts it under its reason. */
export function finish(core: PoolCore, conn: Connection, fallback: CloseReason | undefined): void {
  if (conn.state === 'closed') return;
  const reason = conn.reason ?? fallback ?? inferReason(conn, now());
  core.idle.delete(conn);
  conn.close(reason);
  conn.entry.open--;
  conn.counters.closed[reason]++;
  if (conn.warm && conn.requests === 0) conn.counters.warm.wasted++;
  if (wants(core.agent, 'socketClosed')) {
    const message: SocketClosedMessage = {
      frontEnd: core.frontEnd,
      agent: core.agent,
      socket: conn.socket,
      origin: conn.origin,
      reason,
      requests: conn.requests,
      age: now() - conn.createdAt,
    };
    announce(core.agent, 'socketClosed', message);
  }
  core.connectionClosed();
}

/** An error was emitted on the socket, or Node's client destroyed it over a protocol error. */
export function hadError(socket: InternalSocket): boolean {
  // `errored`: the stream was destroyed with an error; `_hadError`: Node's client destroyed
  // the socket after a parse error (no 'error' event on it).
  return isConnectionError(socket.errored) || socket._hadError === true;
}

/** The response came as HTTP/1.1 (the contract pools only those). */
export function isHttp11(res: { httpVersionMajor: number; httpVersionMinor: number }): boolean {
  return res.httpVersionMajor === 1 && res.httpVersionMinor === 1;
}

/** The reason of a connection that closed without the pool deciding it. */
function inferReason(conn: Connection, t: number): CloseReason {
  const socket = conn.socket as InternalSocket;
  // Reserved for its validation turn: still resting, as far as the server could tell. A warm
  // replacement pooled before it was established that closes has failed to connect (`error`).
  const idle = conn.reached && (conn.state === 'idle' || conn.state === 'reserved');
  const armed = idle ? (socket.timeout ?? 0) : 0;
  const req = conn.current as InternalClientRequest | null;
  const res = req?.res;
  return closeReasonOf({
    idle,
    errored: hadError(socket),
    ended: socket.readableEnded,
    bytesWhileIdle: idle && socket.bytesRead !== conn.idleBytesRead,
    idleFor: t - conn.idleSince,
    armedTimeout: armed,
    armedByPool: conn.idleSince + armed === conn.idleDeadline,
    idleReason: conn.idleReason,
    exchange:
      req === null
        ? null
        : {
            responseComplete: res !== undefined && res !== null && res.complete,
            keepAlive: req.shouldKeepAlive,
            http11: res !== undefined && res !== null && isHttp11(res),
            requestDestroyed: req.destroyed,
          },
  });
}
