/**
 * The take-time check: Node's `addRequest` asks for the pool key (`getName`) just before it
 * takes a free socket. Every idle socket that must not carry a request (dead, or past its
 * lifetime) is dropped from the end Node takes from, so that Node takes a good one or opens a
 * new one; a good one idle long enough gets its validation turn.
 * @module
 */
import { connectionOf } from '../connection/connection';
import { needsValidationTurn, takeVerdict } from '../rules/verdicts';
import { now, type PoolCore } from './core';
import { closeIdle } from './lifecycle';
import { dropFree, lowerLimits } from './node-adapter';
import type { InternalSocket } from './node-internals';
import { park } from './validation-turn';

export function onGetName(core: PoolCore, name: string): void {
  const scope = core.scopes.current();
  if (scope === undefined || scope.name !== undefined || scope.placed) return;
  scope.name = name;
  const agent = core.agent;
  const free = agent.freeSockets[name] as InternalSocket[] | undefined;
  if (free !== undefined) {
    const lifo = agent.scheduling !== 'fifo';
    // One reading of the clock for the call (assign reuses it for the request it binds).
    const t = (scope.at = now());
    // Closing a socket runs user code (a `socketClosed` listener may even make a request on
    // this agent): the list is read afresh on every turn, and the limits are changed only after.
    while (free.length > 0) {
      const socket = lifo ? free[free.length - 1]! : free[0]!;
      const conn = connectionOf(socket);
      const reason =
        conn === undefined
          ? socket.destroyed || !socket.writable || socket.readableEnded
            ? 'stale'
            : undefined
          : takeVerdict(!socket.destroyed && socket.writable && !socket.readableEnded, conn.state === 'idle', t - conn.createdAt, conn.lifetime);
      if (reason === undefined) {
        if (conn !== undefined && needsValidationTurn(t - conn.idleSince, core.options.validateAfterIdle)) {
          park(core, scope, conn, name);
          return;
        }
        break;
      }
      closeIdle(core, socket, reason);
      // closeIdle takes the socket out of `free` at once; guard against one Node did not remove.
      if ((lifo ? free[free.length - 1] : free[0]) === socket) dropFree(agent, name, socket);
    }
  }
  // Node counts a socket only once createConnection has returned it: while an asynchronous
  // createConnection is pending, lower the limits Node compares with by the connections
  // still pending (put back as soon as Node has decided), so maxSockets / maxTotalSockets hold.
  const pending = core.creates.pendingTotal;
  if (pending > 0 && scope.saved === undefined) scope.saved = lowerLimits(agent, core.creates.pendingFor(name), pending);
}
