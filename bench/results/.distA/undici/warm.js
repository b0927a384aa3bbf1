"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.onRequestStarted = onRequestStarted;
/**
 * Warm replacement (`warmReplacement`, the rules of `rules/renewal.ts`): when a request starts
 * on a connection about to be retired (its last allowed request, or the end of its lifetime
 * near) while its origin has demand, a replacement is opened in the background within every
 * limit, and pooled while its handshake finishes, so that the next request does not wait for one.
 * @module
 */
const renewal_1 = require("../rules/renewal");
const core_1 = require("./core");
const release_1 = require("./release");
const slot_1 = require("./slot");
/** A request started on `slot`: if the connection is about to be retired while its origin has demand, replace it. */
function onRequestStarted(core, slot) {
    const t = (0, core_1.now)();
    const entry = slot.group.entry;
    const recent = (0, renewal_1.hasRecentDemand)(t, entry.lastRequestAt);
    entry.lastRequestAt = t;
    if (!recent || slot.replaced || !core.options.warmReplacement)
        return;
    if (!(0, renewal_1.retiresSoon)(slot.requests, slot.requestLimit, t - slot.createdAt, slot.lifetime))
        return;
    slot.replaced = true;
    // Out of undici's write path first (this runs as the request is being written).
    process.nextTick(openReplacement, core, slot);
}
function openReplacement(core, retiring) {
    if (core.closing)
        return;
    const op = retiring.group;
    const o = core.options;
    const room = (0, renewal_1.mayOpenReplacement)({
        originSockets: op.slots.size,
        maxSockets: o.maxSockets,
        totalSockets: core.total,
        maxTotalSockets: o.maxTotalSockets,
        originIdle: op.idle.length,
        maxFreeSockets: o.maxFreeSockets,
        idle: core.lru.size,
        maxIdleSockets: o.maxIdleSockets,
    });
    if (!room)
        return;
    const slot = core.newSlot(op);
    slot.warm = true;
    const prepared = new slot_1.Prepared();
    slot.prepared = prepared;
    const params = {
        hostname: op.hostname,
        protocol: op.secure ? 'https:' : 'http:',
        port: String(op.port),
        servername: op.servername ?? null,
        localAddress: o.client.localAddress ?? null,
    };
    core.openFor(slot, params, (err, socket) => prepared.settle(err, socket));
    // Pooled at once (a request may take it while its handshake finishes), or given to a waiting request.
    if (slot.state === 'active')
        (0, release_1.restOrServe)(core, slot, undefined);
}
//# sourceMappingURL=warm.js.map