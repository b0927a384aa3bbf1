/**
 * The validation turn: a socket idle for `validateAfterIdle` or longer may already have a
 * close, a reset or stray bytes from the server on their way, unread. Instead of letting Node
 * write the request on it now, the pool reserves it and lets Node queue the request; after the
 * event loop has polled for I/O once more, the request gets the socket if it is still sound.
 * If it is not, it has been closed as `stale`, and Node's own `removeSocket` opens a new
 * connection for the queued request: the request never goes to the dead socket.
 * @module
 */
import type { Connection } from '../connection/connection';
import type { AddScope } from './add-request';
import { now, type PoolCore } from './core';
import { closeIdle, evictIdle } from './lifecycle';
import { closeLimits, handToQueue, hideFreeList, reserveFree, reuseFor, unreserve } from './node-adapter';
import type { InternalClientRequest, InternalSocket } from './node-internals';
import { evictOverFreeCap } from './release';

/** Reserves `conn` (the free socket Node was about to take) for the request of `scope`. */
export function park(core: PoolCore, scope: AddScope, conn: Connection, name: string): void {
  const agent = core.agent;
  const socket = conn.socket as InternalSocket;
  reserveFree(agent, name, socket);
  core.idle.delete(conn);
  conn.reserve();
  // Node must see neither a free socket nor room for a new one, so that it queues the request.
  scope.hiddenFree = hideFreeList(agent, name);
  scope.saved ??= closeLimits(agent);
  scope.parked = true;
  if (scope.req !== null) core.parking.requests.add(scope.req);
  core.parking.turns++;
  // Two immediates: the first may run in the check phase right after the poll phase that
  // is running now (whose readiness list predates anything that arrived meanwhile); the
  // second runs after the next poll phase, which reads what is pending on the socket.
  setImmediate(() => setImmediate(() => unpark(core, conn, name)));
}

/** One turn later: hand the reserved socket to the head of its origin's queue, or back to the pool. */
function unpark(core: PoolCore, conn: Connection, name: string): void {
  core.parking.turns--;
  const socket = conn.socket as InternalSocket;
  if (conn.state !== 'reserved' || socket.destroyed) return; // closed meanwhile: Node reconnects for the queue
  if (conn.heardSinceIdle()) {
    // The server spoke (a 408, a stray response) or ended its side while the socket rested: it
    // is stale, whatever watched it missed. Node opens a new connection for the queue.
    closeIdle(core, socket, 'stale');
    return;
  }
  const agent = core.agent;
  const queue = agent.requests[name];
  if (queue === undefined || queue.length === 0) {
    // The request went elsewhere (another socket was released to it, or it was aborted): back
    // to the pool under the same caps as any release.
    const free = agent.freeSockets[name] as InternalSocket[] | undefined;
    if (free !== undefined) evictOverFreeCap(core, free, 1);
    core.idle.makeRoom(evictIdle, core);
    unreserve(agent, name, socket);
    conn.unreserve(now());
    core.idle.add(conn);
    return;
  }
  const next = queue[0] as InternalClientRequest;
  core.parking.requests.delete(next);
  core.queue.onDequeued(next);
  // What Node does when it takes a free socket (our reuseSocket hook binds the request), then
  // its own hand-over of a freed socket to the head of the queue ('free'), which the pool's
  // 'free' listener lets through untouched.
  reuseFor(agent, socket, next);
  conn.handingOver = true;
  handToQueue(socket);
  conn.handingOver = false;
}
