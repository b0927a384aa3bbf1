"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.park = park;
const core_1 = require("./core");
const lifecycle_1 = require("./lifecycle");
const node_adapter_1 = require("./node-adapter");
const release_1 = require("./release");
/** Reserves `conn` (the free socket Node was about to take) for the request of `scope`. */
function park(core, scope, conn, name) {
    const agent = core.agent;
    const socket = conn.socket;
    (0, node_adapter_1.reserveFree)(agent, name, socket);
    core.idle.delete(conn);
    conn.reserve();
    // Node must see neither a free socket nor room for a new one, so that it queues the request.
    scope.hiddenFree = (0, node_adapter_1.hideFreeList)(agent, name);
    scope.saved ??= (0, node_adapter_1.closeLimits)(agent);
    scope.parked = true;
    // Two immediates: the first may run in the check phase right after the poll phase that
    // is running now (whose readiness list predates anything that arrived meanwhile); the
    // second runs after the next poll phase, which reads what is pending on the socket.
    setImmediate(() => setImmediate(() => unpark(core, conn, name)));
}
/** One turn later: hand the reserved socket to the head of its origin's queue, or back to the pool. */
function unpark(core, conn, name) {
    const socket = conn.socket;
    if (conn.state !== 'reserved' || socket.destroyed)
        return; // closed meanwhile: Node reconnects for the queue
    const agent = core.agent;
    const queue = agent.requests[name];
    if (queue === undefined || queue.length === 0) {
        // The request went elsewhere (another socket was released to it, or it was aborted): back
        // to the pool under the same caps as any release.
        const free = agent.freeSockets[name];
        if (free !== undefined)
            (0, release_1.evictOverFreeCap)(core, free, 1);
        core.idle.makeRoom(lifecycle_1.evictIdle, core);
        (0, node_adapter_1.unreserve)(agent, name, socket);
        conn.unreserve((0, core_1.now)());
        core.idle.add(conn);
        return;
    }
    const next = queue[0];
    core.queue.onDequeued(next);
    // What Node does when it takes a free socket (our reuseSocket hook binds the request), then
    // its own hand-over of a freed socket to the head of the queue ('free'), which the pool's
    // 'free' listener lets through untouched.
    (0, node_adapter_1.reuseFor)(agent, socket, next);
    conn.handingOver = true;
    (0, node_adapter_1.handToQueue)(socket);
    conn.handingOver = false;
}
//# sourceMappingURL=validation-turn.js.map