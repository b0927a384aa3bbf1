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
import { type PoolCore } from './core';
/** Reserves `conn` (the free socket Node was about to take) for the request of `scope`. */
export declare function park(core: PoolCore, scope: AddScope, conn: Connection, name: string): void;
//# sourceMappingURL=validation-turn.d.ts.map