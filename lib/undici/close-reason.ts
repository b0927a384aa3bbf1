/**
 * Why a connection closed that the pool did not close itself: the rules' `closeReasonOf`, on
 * the facts an undici socket gives. undici destroys a socket for reasons of its own with an
 * informational error (`UND_ERR_INFO`): `reset` (its own rule after a response), `aborted`
 * (the caller aborted the request), `socket idle timeout` (its keep-alive timer, which the pool
 * sets beyond its own); these are not errors of the connection.
 * @module
 */
import type { Socket } from 'node:net';
import type { CloseReason } from '../rules/close-reasons';
import { closeReasonOf, isConnectionError } from '../rules/verdicts';
import type { PoolSlot } from './origin-pool';

/** The message of undici's informational error a socket was destroyed with, if it was. */
export function undiciInfo(socket: Socket | null): string | undefined {
  const err = socket?.errored as { code?: unknown; message?: unknown } | null | undefined;
  return err !== null && err !== undefined && err.code === 'UND_ERR_INFO' && typeof err.message === 'string' ? err.message : undefined;
}

/** An error was seen on the socket (not one of undici's informational ones, nor a write this side cancelled). */
export function hadError(socket: Socket | null): boolean {
  return socket !== null && isConnectionError(socket.errored) && undiciInfo(socket) === undefined;
}

/** The reason of a socket of `slot` that closed without the pool deciding it. `established`: it had connected. */
export function inferredReason(slot: PoolSlot, socket: Socket, established: boolean): CloseReason {
  // Never established: the connection failed (refused, reset, timed out, a TLS error).
  if (!established) return 'error';
  const info = undiciInfo(socket);
  if (info === 'socket idle timeout') return 'idle_timeout';
  if (info === 'aborted') return 'not_reusable';
  const x = slot.current;
  const inUse = x !== null && x.startedOn === socket;
  return closeReasonOf({
    // Idle, reserved, or given a request that had not started on it yet: it died while idle.
    idle: !inUse,
    errored: hadError(socket),
    ended: socket.readableEnded,
    bytesWhileIdle: false,
    idleFor: 0,
    armedTimeout: 0,
    armedByPool: false,
    idleReason: 'idle_timeout',
    exchange: inUse ? { responseComplete: x.complete, keepAlive: !x.response.close, http11: true, requestDestroyed: x.callerAborted } : null,
  });
}
