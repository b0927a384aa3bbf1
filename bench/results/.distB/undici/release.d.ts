import { type DispatchCore } from './core';
import type { PoolExchange, PoolSlot } from './origin-pool';
/** The response of `x` is complete (run a microtask later, once undici has decided whether it keeps the socket). */
export declare function releaseAfterResponse(core: DispatchCore, x: PoolExchange): void;
/** `x` failed (or was refused at its start) while `slot` carried it. */
export declare function releaseAfterError(core: DispatchCore, x: PoolExchange, err: Error): void;
/** `x` upgraded its connection: the socket left the pool, and the connection with it. */
export declare function releaseAfterUpgrade(core: DispatchCore, x: PoolExchange): void;
/**
 * `slot` may carry another request: give it the oldest request waiting for its origin, or
 * pool it for the effective idle timeout (the smallest of `idleTimeout`, the server's hint
 * less `agentKeepAliveTimeoutBuffer`, and its remaining lifetime).
 */
export declare function restOrServe(core: DispatchCore, slot: PoolSlot, hint: number | undefined): void;
//# sourceMappingURL=release.d.ts.map