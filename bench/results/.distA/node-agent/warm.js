"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.onRequestStarted = onRequestStarted;
const connection_1 = require("../connection/connection");
const renewal_1 = require("../rules/renewal");
const node_adapter_1 = require("./node-adapter");
/** What Node's `createSocket` reads of a request: a warm replacement has none. */
const NO_REQUEST = Object.freeze({ getHeader: () => undefined, timeout: undefined });
/** A request started on `conn` at `t`: if the connection is about to be retired while its origin has demand, replace it. */
function onRequestStarted(core, conn, t) {
    const entry = conn.entry;
    const recent = (0, renewal_1.hasRecentDemand)(t, entry.lastRequestAt);
    entry.lastRequestAt = t;
    if (!recent || conn.replaced || !core.options.warmReplacement)
        return;
    if (!(0, renewal_1.retiresSoon)(conn.requests, conn.requestLimit, t - conn.createdAt, conn.lifetime))
        return;
    conn.replaced = true;
    // Out of Node's internals first (this runs inside its addRequest or its 'free' listener).
    process.nextTick(openReplacement, core, conn);
}
function openReplacement(core, conn) {
    const agent = core.agent;
    const options = conn.connectOptions;
    if (core.closing || options === undefined)
        return;
    const name = conn.name;
    const room = (0, renewal_1.mayOpenReplacement)({
        originSockets: (agent.sockets[name]?.length ?? 0) + (agent.freeSockets[name]?.length ?? 0) + core.creates.pendingFor(name),
        maxSockets: agent.maxSockets,
        totalSockets: agent.totalSocketCount + core.creates.pendingTotal,
        maxTotalSockets: agent.maxTotalSockets,
        originIdle: agent.freeSockets[name]?.length ?? 0,
        maxFreeSockets: agent.maxFreeSockets,
        idle: core.idle.size,
        maxIdleSockets: core.options.maxIdleSockets,
    });
    if (!room)
        return;
    agent.createSocket(NO_REQUEST, options, (err, socket) => {
        if (err || socket === undefined)
            return; // nobody waits for it: the connection is simply not there
        const warm = (0, connection_1.connectionOf)(socket);
        if (warm === undefined)
            return;
        warm.warm = true;
        warm.counters.warm.opened++;
        // Node's own path for a socket opened for nobody in particular (as its removeSocket does
        // for a queued request): 'free' gives it to the head of the queue, or pools it.
        (0, node_adapter_1.handToQueue)(socket);
    });
}
//# sourceMappingURL=warm.js.map