"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.RetiredServers = void 0;
/**
 * The addresses a `resolve` server's name no longer lists, and their connections: an idle one
 * is closed at once (reason `evicted`), one carrying a request is closed as soon as it is
 * pooled after its response (the agent's `'free'`, after Node has pooled it), so that no
 * request is written on it again, and the server sees the close.
 * @module
 */
const connection_1 = require("../connection/connection");
const lifecycle_1 = require("./lifecycle");
class RetiredServers {
    #core;
    /** By origin label (`scheme://host:port`): the peers removed that had it. */
    #retired = new Map();
    constructor(core) {
        this.#core = core;
        // After Node's own listener, which pools the socket (or hands it to a request Node queued for
        // that very server: that request was sent to the address while it was listed).
        core.agent.on('free', (socket) => {
            if (this.#retired.size > 0)
                this.#closeIfIdle(socket);
        });
    }
    /**
     * Peers left their groups (`removed`, labelled by `labelOf`); `listed` holds every label a
     * group lists now (a label listed again is no longer retired). Idle connections of the
     * retired labels are closed; labels that no connection and no request uses any more are forgotten.
     */
    update(removed, listed, labelOf) {
        for (const label of [...this.#retired.keys()])
            if (listed.has(label))
                this.#retired.delete(label);
        for (const peer of removed) {
            const label = labelOf(peer);
            if (listed.has(label))
                continue;
            const peers = this.#retired.get(label);
            if (peers === undefined)
                this.#retired.set(label, [peer]);
            else if (!peers.includes(peer))
                peers.push(peer);
        }
        if (this.#retired.size === 0)
            return;
        for (const conn of this.#core.idle.snapshot()) {
            if (this.#retired.has(conn.origin))
                (0, lifecycle_1.closeIdle)(this.#core, conn.socket, 'evicted');
        }
        this.#forgetUnused();
    }
    #closeIfIdle(socket) {
        const conn = (0, connection_1.connectionOf)(socket);
        if (conn !== undefined && conn.state === 'idle' && this.#retired.has(conn.origin))
            (0, lifecycle_1.closeIdle)(this.#core, socket, 'evicted');
    }
    /** A label stays retired while a request picked its peer (it may still get a connection) or a connection has it. */
    #forgetUnused() {
        const inUse = new Set();
        const agent = this.#core.agent;
        for (const lists of [agent.sockets, agent.freeSockets]) {
            for (const name of Object.keys(lists)) {
                for (const socket of lists[name] ?? []) {
                    const conn = (0, connection_1.connectionOf)(socket);
                    if (conn !== undefined && conn.state !== 'closed')
                        inUse.add(conn.origin);
                }
            }
        }
        for (const [label, peers] of this.#retired) {
            if (!inUse.has(label) && peers.every((p) => p.active === 0))
                this.#retired.delete(label);
        }
    }
}
exports.RetiredServers = RetiredServers;
//# sourceMappingURL=upstream-retire.js.map