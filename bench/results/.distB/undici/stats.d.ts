/**
 * `getStats()` of the dispatcher: the agents' snapshot (`snapshotStats`), from the pool's
 * origins: connections in use, idle and connecting, requests waiting, and the counters.
 * @module
 */
import { type AgentStats } from '../observability/stats';
import type { DispatchPool } from './pool';
export declare function dispatcherStats(pool: DispatchPool): AgentStats;
//# sourceMappingURL=stats.d.ts.map