/**
 * A connection enters the pool (Node's `keepSocketAlive`), leaves it (`reuseSocket`), and what
 * closes it while it is there.
 * @module
 */
import { type Connection } from '../connection/connection';
import { type PoolCore } from './core';
import type { InternalClientRequest, InternalSocket } from './node-internals';
/**
 * After Node's `keepSocketAlive` (`nodeSays` is its verdict): arm the idle timeout (the
 * connection's own timer: the socket timeout stays the one Node's keepSocketAlive set, which
 * Node's own listener answers), watch for data, and make room under `maxIdleSockets`.
 * @returns false when the socket must not be pooled (Node then destroys it).
 */
export declare function enterIdle(core: PoolCore, socket: InternalSocket, nodeSays: boolean): boolean;
/** Node took an idle (or reserved) socket for `req` (after its `reuseSocket`). */
export declare function onReuse(core: PoolCore, socket: InternalSocket, req: InternalClientRequest): void;
/** Bytes arrived on an idle connection: it is stale. */
export declare function staleWhileIdle(core: PoolCore, conn: Connection): void;
/** The connection's idle timer fired while it was idle: close it if its deadline has passed (else the timer re-arms). */
export declare function idleTimerDue(core: PoolCore, conn: Connection): void;
//# sourceMappingURL=idle.d.ts.map