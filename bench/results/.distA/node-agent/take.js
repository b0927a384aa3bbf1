"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.onGetName = onGetName;
/**
 * The take-time check: Node's `addRequest` asks for the pool key (`getName`) just before it
 * takes a free socket. Every idle socket that must not carry a request (dead, or past its
 * lifetime) is dropped from the end Node takes from, so that Node takes a good one or opens a
 * new one; a good one idle long enough gets its validation turn.
 * @module
 */
const connection_1 = require("../connection/connection");
const verdicts_1 = require("../rules/verdicts");
const core_1 = require("./core");
const lifecycle_1 = require("./lifecycle");
const node_adapter_1 = require("./node-adapter");
const validation_turn_1 = require("./validation-turn");
function onGetName(core, name) {
    const scope = core.scopes.current();
    if (scope === undefined || scope.name !== undefined || scope.placed)
        return;
    scope.name = name;
    const agent = core.agent;
    const free = agent.freeSockets[name];
    if (free !== undefined) {
        const lifo = agent.scheduling !== 'fifo';
        // One reading of the clock for the call (assign reuses it for the request it binds).
        const t = (scope.at = (0, core_1.now)());
        // Closing a socket runs user code (a `socketClosed` listener may even make a request on
        // this agent): the list is read afresh on every turn, and the limits are changed only after.
        while (free.length > 0) {
            const socket = lifo ? free[free.length - 1] : free[0];
            const conn = (0, connection_1.connectionOf)(socket);
            const reason = conn === undefined
                ? socket.destroyed || !socket.writable || socket.readableEnded
                    ? 'stale'
                    : undefined
                : (0, verdicts_1.takeVerdict)(!socket.destroyed && socket.writable && !socket.readableEnded, conn.state === 'idle', t - conn.createdAt, conn.lifetime);
            if (reason === undefined) {
                if (conn !== undefined && (0, verdicts_1.needsValidationTurn)(t - conn.idleSince, core.options.validateAfterIdle)) {
                    (0, validation_turn_1.park)(core, scope, conn, name);
                    return;
                }
                break;
            }
            (0, lifecycle_1.closeIdle)(core, socket, reason);
            // closeIdle takes the socket out of `free` at once; guard against one Node did not remove.
            if ((lifo ? free[free.length - 1] : free[0]) === socket)
                (0, node_adapter_1.dropFree)(agent, name, socket);
        }
    }
    // Node counts a socket only once createConnection has returned it: while an asynchronous
    // createConnection is pending, lower the limits Node compares with by the connections
    // still pending (put back as soon as Node has decided), so maxSockets / maxTotalSockets hold.
    const pending = core.creates.pendingTotal;
    if (pending > 0 && scope.saved === undefined)
        scope.saved = (0, node_adapter_1.lowerLimits)(agent, core.creates.pendingFor(name), pending);
}
//# sourceMappingURL=take.js.map