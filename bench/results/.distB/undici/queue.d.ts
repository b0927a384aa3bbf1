import { type RequestRejectedMessage } from '../observability/diagnostics';
import { type DispatchCore } from './core';
import type { OriginPool, PoolExchange } from './origin-pool';
/** `x` found no idle connection and no room: it waits, unless the queue is full. */
export declare function enqueue(core: DispatchCore, op: OriginPool, x: PoolExchange): void;
/** The oldest waiting request of `op` gets a connection. */
export declare function dequeue(core: DispatchCore, op: OriginPool): PoolExchange;
/** The caller aborted `x` while it waited (its error is delivered by the exchange). */
export declare function withdraw(core: DispatchCore, op: OriginPool, x: PoolExchange): void;
/** Fails every waiting request with `err` (`destroy()`). */
export declare function failAll(core: DispatchCore, op: OriginPool, err: Error): void;
/** How long the longest-waiting request has waited (ms), overall and per origin label. */
export declare function oldestWaits(core: DispatchCore): {
    total: number;
    byOrigin: Map<string, number>;
};
/** Fails `x` before it is sent. */
export declare function reject(core: DispatchCore, op: OriginPool, x: PoolExchange, reason: RequestRejectedMessage['reason'], err: Error, waited: number): void;
//# sourceMappingURL=queue.d.ts.map