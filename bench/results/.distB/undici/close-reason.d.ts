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
import type { PoolSlot } from './origin-pool';
/** The message of undici's informational error a socket was destroyed with, if it was. */
export declare function undiciInfo(socket: Socket | null): string | undefined;
/** An error was seen on the socket (not one of undici's informational ones). */
export declare function hadError(socket: Socket | null): boolean;
/** The reason of a socket of `slot` that closed without the pool deciding it. `established`: it had connected. */
export declare function inferredReason(slot: PoolSlot, socket: Socket, established: boolean): CloseReason;
//# sourceMappingURL=close-reason.d.ts.map