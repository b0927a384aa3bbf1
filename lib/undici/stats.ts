/**
 * `getStats()` of the dispatcher: the agents' snapshot (`snapshotStats`), from the pool's
 * origins: connections in use, idle and connecting, requests waiting, and the counters.
 * @module
 */
import { type AgentStats, addCounters, newCounters, type OriginCounters, snapshotStats } from '../observability/stats';
import { oldestWaits } from './queue';
import type { DispatchPool } from './pool';

export function dispatcherStats(pool: DispatchPool): AgentStats {
  const { http, https } = pool.registries;
  const counters = new Map<string, OriginCounters>([...http.counters(), ...https.counters()]);
  const retired = newCounters(false);
  addCounters(retired, http.retired);
  addCounters(retired, https.retired);
  const active: Record<string, unknown[]> = {};
  const idle: Record<string, unknown[]> = {};
  const queued: Record<string, unknown[]> = {};
  const connecting = new Map<string, number>();
  for (const op of pool.origins.values()) {
    const inUse: unknown[] = [];
    for (const slot of op.slots) {
      if (slot.state !== 'idle') inUse.push(slot);
      if (slot.connecting) connecting.set(op.entry.label, (connecting.get(op.entry.label) ?? 0) + 1);
    }
    active[op.key] = inUse;
    idle[op.key] = op.idle;
    queued[op.key] = op.queue;
  }
  return snapshotStats({
    counters,
    retired,
    origins: new Map([...http.labels(), ...https.labels()]),
    sockets: active,
    freeSockets: idle,
    requests: queued,
    connecting,
    oldestQueued: oldestWaits(pool),
    tls: true,
  });
}
