import { type DispatchCore } from './core';
import type { OriginPool, PoolExchange } from './origin-pool';
/** Finds `x` a connection of `op`, or queues it. */
export declare function place(core: DispatchCore, op: OriginPool, x: PoolExchange): void;
/** No connection of `op` is completing any more: the requests that waited for one look again. */
export declare function placeHandoffs(core: DispatchCore, op: OriginPool): void;
/** Something left the pool: the oldest waiting request of `op`, else of another origin waiting for total room, gets a new connection. */
export declare function serveWaiting(core: DispatchCore, op: OriginPool): void;
//# sourceMappingURL=take.d.ts.map