"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.newCounters = newCounters;
exports.addCounters = addCounters;
exports.snapshotStats = snapshotStats;
exports.addWarm = addWarm;
const close_reasons_1 = require("../rules/close-reasons");
function newCounters(tls = false) {
    const c = { created: 0, reused: 0, requests: 0, closed: (0, close_reasons_1.emptyCloseReasonCounts)(), warm: { opened: 0, used: 0, wasted: 0 } };
    if (tls) {
        c.tlsResumed = 0;
        c.tlsFull = 0;
    }
    return c;
}
/** Adds the gauges and counters of `from` into `into`. */
function addStats(into, from) {
    into.active += from.active;
    into.idle += from.idle;
    into.queued += from.queued;
    into.connecting += from.connecting;
    addCounters(into, from);
}
/** Adds the counters of `from` into `into`. */
function addCounters(into, from) {
    into.created += from.created;
    into.reused += from.reused;
    into.requests += from.requests;
    for (const reason of close_reasons_1.CLOSE_REASONS)
        into.closed[reason] += from.closed[reason];
    addWarm(into.warm, from.warm);
    if (from.tlsResumed !== undefined)
        into.tlsResumed = (into.tlsResumed ?? 0) + from.tlsResumed;
    if (from.tlsFull !== undefined)
        into.tlsFull = (into.tlsFull ?? 0) + from.tlsFull;
}
/**
 * Builds the snapshot from the counters (per origin label) and the live socket and request
 * lists of Node's agent (per pool key, mapped to labels), so `active`, `idle` and `queued` are
 * always those of `agent.sockets`, `agent.freeSockets` and `agent.requests`.
 */
function snapshotStats(src) {
    const { counters, origins, tls } = src;
    const total = { ...emptyStats(tls), oldestQueuedMs: src.oldestQueued.total, origins: {} };
    addStats(total, { active: 0, idle: 0, queued: 0, connecting: 0, oldestQueuedMs: 0, ...src.retired, closed: { ...src.retired.closed }, warm: { ...src.retired.warm } });
    const tally = (lists, live) => {
        const into = new Map();
        for (const name of Object.keys(lists)) {
            const label = origins.get(name) ?? name;
            const list = lists[name] ?? [];
            let n = list.length;
            // A queued request its caller aborted stays in Node's queue until a socket frees; it is not waiting.
            if (live)
                for (const req of list)
                    if (req.destroyed === true)
                        n--;
            into.set(label, (into.get(label) ?? 0) + n);
        }
        return into;
    };
    const active = tally(src.sockets, false);
    const idle = tally(src.freeSockets, false);
    const queued = tally(src.requests, true);
    const labels = new Set([...counters.keys(), ...active.keys(), ...idle.keys(), ...queued.keys()]);
    for (const label of labels) {
        const c = counters.get(label) ?? newCounters(tls);
        const origin = {
            active: active.get(label) ?? 0,
            idle: idle.get(label) ?? 0,
            queued: queued.get(label) ?? 0,
            connecting: src.connecting.get(label) ?? 0,
            oldestQueuedMs: src.oldestQueued.byOrigin.get(label) ?? 0,
            created: c.created,
            reused: c.reused,
            requests: c.requests,
            closed: { ...c.closed },
            warm: { ...c.warm },
        };
        // An origin shows its handshakes when it speaks TLS (a dispatcher pools http: and https: origins alike).
        if (c.tlsResumed !== undefined || c.tlsFull !== undefined) {
            origin.tlsResumed = c.tlsResumed ?? 0;
            origin.tlsFull = c.tlsFull ?? 0;
        }
        total.origins[label] = origin;
        addStats(total, origin);
    }
    return total;
}
function emptyStats(tls) {
    return { active: 0, idle: 0, queued: 0, connecting: 0, oldestQueuedMs: 0, ...newCounters(tls) };
}
/** Adds warm-replacement counters `from` into `into`. */
function addWarm(into, from) {
    into.opened += from.opened;
    into.used += from.used;
    into.wasted += from.wasted;
}
//# sourceMappingURL=stats.js.map