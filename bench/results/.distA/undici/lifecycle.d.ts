/**
 * A connection's life in the dispatcher's pool: its sockets opened and counted, requests run
 * on it, its sockets closed and counted under their reason, and the connection leaving the pool.
 * @module
 */
import type { Socket } from 'node:net';
import type { CloseReason } from '../rules/close-reasons';
import { type DispatchCore } from './core';
import type { PoolExchange, PoolSlot } from './origin-pool';
/** A socket of `slot` exists (its connection is being established): count it, draw its limits, watch its close. */
export declare function socketOpened(core: DispatchCore, slot: PoolSlot, socket: Socket): void;
/** The request on `slot` upgraded the connection: its socket is the caller's now (`not_reusable`). */
export declare function socketTakenOver(core: DispatchCore, slot: PoolSlot): void;
/** Runs `x` on `slot` (taken from the pool, or new). */
export declare function run(slot: PoolSlot, x: PoolExchange): void;
/** undici started `x` on the socket of its connection: count the request. */
export declare function requestStarted(core: DispatchCore, x: PoolExchange): void;
/**
 * Takes `slot` out of the pool for good, its current connection closing with `reason` (the
 * first decision wins; `undefined`: the socket's close will tell), failing a request it still
 * carries with `err`. `serve`: what waits for room may take it at once.
 */
export declare function closeSlot(core: DispatchCore, slot: PoolSlot, reason: CloseReason | undefined, err?: Error | null, serve?: boolean): void;
//# sourceMappingURL=lifecycle.d.ts.map