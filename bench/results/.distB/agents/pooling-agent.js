"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.kPool = void 0;
exports.withKeepAlivePool = withKeepAlivePool;
const pool_1 = require("../node-agent/pool");
const upstream_router_1 = require("../node-agent/upstream-router");
const validate_1 = require("../options/validate");
const spec_1 = require("../options/spec");
/** The key of an agent's pool (not exported from the package: the pool is not API). */
exports.kPool = Symbol('upstream-keepalive.pool');
/** The key of an agent's upstream groups, when it has any. */
const kRouter = Symbol('upstream-keepalive.router');
/**
 * Adds the NGINX upstream keepalive rules to an agent class through Node's own hooks.
 * `HttpAgent` and `HttpsAgent` are both built with it, so the rules exist once
 * (in {@link KeepAlivePool}) and both classes stay real subclasses of Node's agents.
 */
function withKeepAlivePool(Base, optionSet = spec_1.HTTP_AGENT_OPTIONS) {
    return class PoolingAgent extends Base {
        /** @internal */
        [exports.kPool];
        /** @internal */
        [kRouter];
        // eslint-disable-next-line @typescript-eslint/no-explicit-any
        constructor(...args) {
            const resolved = (0, validate_1.resolveOptions)(args[0], optionSet);
            super(resolved.node, ...args.slice(1));
            this[exports.kPool] = new pool_1.KeepAlivePool(this, resolved.pool, PoolingAgent.prototype.getName);
            this[kRouter] =
                resolved.upstreams === undefined
                    ? undefined
                    : new upstream_router_1.UpstreamRouter({
                        addRequest: (req, options) => this.addRequest(req, options),
                        protocol: this.protocol,
                        pool: this[exports.kPool],
                        lookup: resolved.node.lookup,
                        family: resolved.node.family,
                    }, resolved.upstreams, resolved.pool, (change) => this.emit('upstreamStateChange', change));
        }
        get poolOptions() {
            return this[exports.kPool].options;
        }
        /**
         * Node's `addRequest`, in every form Node accepts: `(req, options)` and the legacy
         * `(req, host, port, localAddress)`, forwarded intact.
         */
        addRequest(req, options, port, localAddress) {
            const pool = this[exports.kPool];
            let opts = typeof options === 'string' ? { host: options, port, localAddress } : options;
            const router = this[kRouter];
            if (router !== undefined) {
                // A group's name: Node is given the picked server's host and port.
                const routed = router.route(req, opts);
                if (routed === null)
                    return; // waiting for a server, or failed
                if (routed !== undefined) {
                    opts = options = routed;
                    port = localAddress = undefined;
                }
            }
            const scope = pool.beginAddRequest(req, opts);
            if (scope === undefined)
                return;
            try {
                super.addRequest(req, options, port, localAddress);
            }
            finally {
                pool.endAddRequest(scope, req, opts);
            }
        }
        getName(options) {
            const pool = this[exports.kPool];
            // Inside Node's 'free' listener, for the socket's own options: the key Node made for it.
            const name = pool.releaseKey.of(options) ?? super.getName(options);
            pool.onGetName(name);
            return name;
        }
        /**
         * Node's `createSocket` (internal, stable since Node 0.x) wraps `createConnection` for
         * both of its callers: `addRequest` (a new socket for this request) and `removeSocket`
         * (a new socket for a queued request), and calls back once Node has put the socket in
         * `agent.sockets`. Only sockets that arrive here are the agent's: they get a record, and
         * no other socket does (a socket from a direct `agent.createConnection()` call is the
         * caller's, errors and all). Watching it here sees every connection, however
         * `createConnection` is provided: a subclass or an instance property, sync or async.
         */
        createSocket(req, options, cb) {
            const pool = this[exports.kPool];
            const call = pool.beginCreate(req, () => super.getName({ ...options, ...this.options }));
            super.createSocket(req, options, (err, socket) => {
                pool.created(call, err, socket, this.options, options);
                if (err !== null && err !== undefined && this[kRouter] !== undefined) {
                    // A group's server could not be reached: the next server, if one is left.
                    const forCaller = this[kRouter].connectFailed(req, options, err);
                    if (forCaller !== undefined)
                        cb(forCaller);
                    return;
                }
                cb(err, socket);
            });
            pool.endCreate(call);
        }
        /** Node's `createConnection`, in every form Node accepts, forwarded intact. */
        createConnection(...args) {
            this[exports.kPool].noteConnectOptions(args);
            const router = this[kRouter];
            const done = args[1];
            if (router !== undefined && (0, upstream_router_1.attemptOf)(args[0]) !== undefined && typeof done === 'function') {
                // A group's connection reaches Node once established (or fails before any request is bound to it).
                router.connect((o) => super.createConnection(o), args[0], done);
                return undefined;
            }
            return super.createConnection(...args);
        }
        keepSocketAlive(socket) {
            // Node's first (keep-alive probes, unref, its timeout and server hint), then ours.
            const nodeSays = super.keepSocketAlive(socket);
            return this[exports.kPool].enterIdle(socket, nodeSays);
        }
        reuseSocket(socket, request) {
            super.reuseSocket(socket, request);
            this[exports.kPool].onReuse(socket, request);
        }
        /**
         * Node calls this when a socket of the agent closes, when one leaves the agent
         * (`'agentRemove'`: an upgrade, a CONNECT, an idle socket that errored) and when one moves
         * to the free list: the one place where the pool learns that a socket is gone, with no
         * listener of its own on the socket.
         */
        removeSocket(socket, options) {
            this[exports.kPool].onRemoveSocket(socket);
            super.removeSocket(socket, options);
        }
        close(options) {
            const closed = this[exports.kPool].close(options);
            this[kRouter]?.stop(true);
            return closed;
        }
        /**
         * Node's `destroy()`: closes every socket now (reason `agent_closed`), requests in flight
         * included; the agent stays usable, as Node's does (the next request opens a new
         * connection). Only {@link close} ends the agent for good.
         */
        destroy() {
            this[kRouter]?.stop(false);
            this[exports.kPool].markAllClosing();
            super.destroy();
        }
        getStats() {
            const stats = this[exports.kPool].getStats();
            const router = this[kRouter];
            if (router === undefined)
                return stats;
            // A server's connections are counted by the pool under the server's origin.
            const protocol = this.protocol;
            const upstreams = router.groups.stats().map((g) => ({
                ...g,
                peers: g.peers.map((p) => {
                    const origin = stats.origins[(0, upstream_router_1.serverLabel)(protocol, p)];
                    return { ...p, open: origin === undefined ? 0 : origin.active + origin.idle + origin.connecting, idle: origin?.idle ?? 0 };
                }),
            }));
            return { ...stats, upstreams };
        }
        describeSocket(socket) {
            return pool_1.KeepAlivePool.describe(socket);
        }
    };
}
//# sourceMappingURL=pooling-agent.js.map