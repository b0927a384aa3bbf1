/**
 * Warm replacement on Node's agent: the replacement is opened with Node's own `createSocket`
 * (so Node counts it and installs its listeners), then handed to Node's `'free'` path, which
 * gives it to a waiting request or pools it (idle while its handshake finishes).
 * @module
 */
import type { ClientRequest, ClientRequestArgs } from 'node:http';
import { type Connection, connectionOf } from '../connection/connection';
import { hasRecentDemand, mayOpenReplacement, retiresSoon } from '../rules/renewal';
import type { PoolCore } from './core';
import { handToPool, handToQueue } from './node-adapter';
import type { InternalSocket } from './node-internals';

/** What Node's `createSocket` reads of a request: a warm replacement has none. */
const NO_REQUEST = Object.freeze({ getHeader: (): undefined => undefined, timeout: undefined }) as unknown as ClientRequest;

/** The stand-in request `createSocket` is given for a warm replacement. */
export function isWarmOpening(req: object): boolean {
  return req === NO_REQUEST;
}

/** A request started on `conn` at `t`: if the connection is about to be retired while its origin has demand, replace it. */
export function onRequestStarted(core: PoolCore, conn: Connection, t: number): void {
  const entry = conn.entry;
  const recent = hasRecentDemand(t, entry.lastRequestAt);
  entry.lastRequestAt = t;
  if (!recent || conn.replaced || !core.options.warmReplacement) return;
  if (!retiresSoon(conn.requests, conn.requestLimit, t - conn.createdAt, conn.lifetime)) return;
  conn.replaced = true;
  // Out of Node's internals first (this runs inside its addRequest or its 'free' listener).
  process.nextTick(openReplacement, core, conn);
}

function openReplacement(core: PoolCore, conn: Connection): void {
  const agent = core.agent;
  const options = conn.connectOptions;
  if (core.closing || options === undefined) return;
  const name = conn.name;
  const room = mayOpenReplacement({
    originSockets: (agent.sockets[name]?.length ?? 0) + (agent.freeSockets[name]?.length ?? 0) + core.creates.pendingFor(name),
    maxSockets: agent.maxSockets,
    totalSockets: agent.totalSocketCount + core.creates.pendingTotal,
    maxTotalSockets: agent.maxTotalSockets,
    originIdle: agent.freeSockets[name]?.length ?? 0,
    maxFreeSockets: agent.maxFreeSockets,
    idle: core.idle.size,
    maxIdleSockets: core.options.maxIdleSockets,
  });
  if (!room) return;
  try {
    agent.createSocket(NO_REQUEST, options as ClientRequestArgs, (err, socket) => {
      if (err || socket === undefined) return; // nobody waits for it: the connection is simply not there
      const warm = connectionOf(socket);
      if (warm === undefined) return;
      warm.warm = true;
      warm.counters.warm.opened++;
      // Node's own path for a socket opened for nobody in particular (as its removeSocket does
      // for a queued request): 'free' gives it to the head of the queue, or pools it. Not to
      // requests waiting for their validation turn: each has a sound socket reserved, and the
      // replacement is still connecting (a handshake on the request's path).
      if (core.parking.onlyParkedQueued(agent, warm.name)) handToPool(agent, warm.name, socket as InternalSocket);
      else handToQueue(socket as InternalSocket);
    });
  } catch {
    // A createConnection (or a lookup) that throws: the caller's next request meets the same
    // throw on its own path, where Node's agent throws it; here nobody waits for the connection.
  }
}
