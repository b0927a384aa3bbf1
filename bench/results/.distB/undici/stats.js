"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.dispatcherStats = dispatcherStats;
/**
 * `getStats()` of the dispatcher: the agents' snapshot (`snapshotStats`), from the pool's
 * origins: connections in use, idle and connecting, requests waiting, and the counters.
 * @module
 */
const stats_1 = require("../observability/stats");
const queue_1 = require("./queue");
function dispatcherStats(pool) {
    const { http, https } = pool.registries;
    const counters = new Map([...http.counters(), ...https.counters()]);
    const retired = (0, stats_1.newCounters)(false);
    (0, stats_1.addCounters)(retired, http.retired);
    (0, stats_1.addCounters)(retired, https.retired);
    const active = {};
    const idle = {};
    const queued = {};
    const connecting = new Map();
    for (const op of pool.origins.values()) {
        const inUse = [];
        for (const slot of op.slots) {
            if (slot.state !== 'idle')
                inUse.push(slot);
            if (slot.connecting)
                connecting.set(op.entry.label, (connecting.get(op.entry.label) ?? 0) + 1);
        }
        active[op.key] = inUse;
        idle[op.key] = op.idle;
        queued[op.key] = op.queue;
    }
    return (0, stats_1.snapshotStats)({
        counters,
        retired,
        origins: new Map([...http.labels(), ...https.labels()]),
        sockets: active,
        freeSockets: idle,
        requests: queued,
        connecting,
        oldestQueued: (0, queue_1.oldestWaits)(pool),
        tls: true,
    });
}
//# sourceMappingURL=stats.js.map