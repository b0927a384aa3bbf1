"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.NODE_GUARDS_FREE_SOCKETS = void 0;
exports.writtenSoFar = writtenSoFar;
exports.connectOptionsOf = connectOptionsOf;
/**
 * Typings for the parts of Node's HTTP client that the agent relies on and that
 * `@types/node` does not declare. Each behaviour used here is pinned by a test in
 * `__tests__/node-internals.test.ts`, so that a Node upgrade that changes it fails loudly.
 * @module
 */
const node_http_1 = require("node:http");
/**
 * Node's agent guards its free sockets itself (Node 22.23, 24.x, 26.x and later): bytes that
 * arrive on a free socket destroy it, read by a handle-level guard that `reuseSocket` removes.
 * Where it does, the pool needs no `'data'` listener of its own on idle sockets. Read from
 * Node's own `reuseSocket`; pinned by `__tests__/node-internals.test.ts`.
 */
exports.NODE_GUARDS_FREE_SOCKETS = /FreeSocketDataGuard/.test(node_http_1.Agent.prototype.reuseSocket.toString());
/**
 * What a socket has been given to write so far, without the allocation of `bytesWritten`
 * (which copies the write buffer): the bytes its handle took, plus what is still buffered
 * (counted in characters for a buffered string: a mismatch can only make a request look
 * written in part, which keeps its socket out of the pool — the safe side).
 */
function writtenSoFar(socket) {
    return (socket._bytesDispatched ?? 0) + socket.writableLength;
}
/** The options object of a `createConnection` call, in each of Node's call forms: `(options)`, `(port, options)`, `(port, host, options)`. */
function connectOptionsOf(args) {
    for (let i = 0; i < args.length && i < 3; i++) {
        const a = args[i];
        if (a !== null && typeof a === 'object')
            return a;
    }
    return undefined;
}
//# sourceMappingURL=node-internals.js.map