import { type DispatchCore } from './core';
import type { PoolSlot } from './origin-pool';
/** A request started on `slot`: if the connection is about to be retired while its origin has demand, replace it. */
export declare function onRequestStarted(core: DispatchCore, slot: PoolSlot): void;
//# sourceMappingURL=warm.d.ts.map