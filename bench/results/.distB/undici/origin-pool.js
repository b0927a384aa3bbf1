"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.OriginPool = void 0;
class OriginPool {
    /** The dispatcher's key for it: the origin as given, and for TLS the servername. */
    key;
    /** The origin, `scheme://host:port`, as undici's `Client` takes it. */
    origin;
    secure;
    /** The servername its connections ask for (TLS), if the requests name one. */
    servername;
    /** Where its connections go: the host (an IPv6 address without brackets) and port. */
    hostname;
    port;
    /** Its entry in the stats (label, counters, open sockets). */
    entry;
    /** Idle connections, least recently used first (reuse takes the last: most recently used). */
    idle = [];
    /** Every open connection of the origin (active, idle, reserved). */
    slots = new Set();
    /** Requests waiting for a connection, oldest first. */
    queue = [];
    /** Requests in the validation turn of an idle connection they took. */
    parked = 0;
    /**
     * Connections whose response just completed, released a microtask later (once undici has
     * decided whether it keeps the socket); and the requests made meanwhile (undici's redirect
     * interceptor dispatches the next request from the response's completion), which wait for
     * that release rather than open another connection.
     */
    completing = 0;
    handoff = [];
    constructor(key, url, port, servername, entry) {
        this.key = key;
        this.origin = url.origin;
        this.secure = url.protocol === 'https:';
        this.servername = servername;
        this.hostname = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
        this.port = port;
        this.entry = entry;
    }
    /** Takes `slot` out of the idle list (wherever it is). */
    dropIdle(slot) {
        const i = this.idle.lastIndexOf(slot);
        if (i !== -1)
            this.idle.splice(i, 1);
    }
    /** Takes `x` out of the queue (wherever it is). */
    dropQueued(x) {
        const i = this.queue.indexOf(x);
        if (i === -1)
            return false;
        this.queue.splice(i, 1);
        return true;
    }
    /** Takes `x` out of the hand-off list, if it is there. */
    dropHandoff(x) {
        const i = this.handoff.indexOf(x);
        if (i === -1)
            return false;
        this.handoff.splice(i, 1);
        return true;
    }
    /** Nothing left: no connection, no waiting request. */
    get empty() {
        return this.slots.size === 0 && this.queue.length === 0 && this.parked === 0 && this.completing === 0 && this.handoff.length === 0;
    }
}
exports.OriginPool = OriginPool;
//# sourceMappingURL=origin-pool.js.map