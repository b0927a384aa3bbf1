import { type Connection } from '../connection/connection';
import type { PoolCore } from './core';
/** A request started on `conn` at `t`: if the connection is about to be retired while its origin has demand, replace it. */
export declare function onRequestStarted(core: PoolCore, conn: Connection, t: number): void;
//# sourceMappingURL=warm.d.ts.map