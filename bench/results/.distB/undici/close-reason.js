"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.undiciInfo = undiciInfo;
exports.hadError = hadError;
exports.inferredReason = inferredReason;
const verdicts_1 = require("../rules/verdicts");
/** The message of undici's informational error a socket was destroyed with, if it was. */
function undiciInfo(socket) {
    const err = socket?.errored;
    return err !== null && err !== undefined && err.code === 'UND_ERR_INFO' && typeof err.message === 'string' ? err.message : undefined;
}
/** An error was seen on the socket (not one of undici's informational ones). */
function hadError(socket) {
    return socket !== null && socket.errored !== null && socket.errored !== undefined && undiciInfo(socket) === undefined;
}
/** The reason of a socket of `slot` that closed without the pool deciding it. `established`: it had connected. */
function inferredReason(slot, socket, established) {
    // Never established: the connection failed (refused, reset, timed out, a TLS error).
    if (!established)
        return 'error';
    const info = undiciInfo(socket);
    if (info === 'socket idle timeout')
        return 'idle_timeout';
    if (info === 'aborted')
        return 'not_reusable';
    const x = slot.current;
    const inUse = x !== null && x.startedOn === socket;
    return (0, verdicts_1.closeReasonOf)({
        // Idle, reserved, or given a request that had not started on it yet: it died while idle.
        idle: !inUse,
        errored: hadError(socket),
        ended: socket.readableEnded,
        bytesWhileIdle: false,
        idleFor: 0,
        armedTimeout: 0,
        armedByPool: false,
        idleReason: 'idle_timeout',
        exchange: inUse ? { responseComplete: x.complete, keepAlive: !x.response.close, http11: true, requestDestroyed: x.callerAborted } : null,
    });
}
//# sourceMappingURL=close-reason.js.map