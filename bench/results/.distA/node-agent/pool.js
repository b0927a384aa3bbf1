"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.KeepAlivePool = void 0;
const connection_1 = require("../connection/connection");
const errors_1 = require("../errors");
const connection_header_1 = require("../http/connection-header");
const origin_1 = require("../observability/origin");
const origin_registry_1 = require("../observability/origin-registry");
const stats_1 = require("../observability/stats");
const validate_1 = require("../options/validate");
const idle_lru_1 = require("../rules/idle-lru");
const timers_1 = require("../rules/timers");
const add_request_1 = require("./add-request");
const core_1 = require("./core");
const create_tracker_1 = require("./create-tracker");
const idle_1 = require("./idle");
const node_adapter_1 = require("./node-adapter");
const lifecycle_1 = require("./lifecycle");
const release_1 = require("./release");
const request_queue_1 = require("./request-queue");
const release_key_1 = require("./release-key");
const take_1 = require("./take");
/** Origins kept in the per-origin stats; past it, idle origins are folded into the totals. */
const MAX_ORIGINS = 1000;
class KeepAlivePool {
    agent;
    options;
    tls;
    frontEnd;
    idle;
    origins;
    queue;
    scopes;
    creates = new create_tracker_1.CreateTracker();
    /** Answers `getName` while Node's `'free'` listener runs (see `release-key.ts`). */
    releaseKey;
    closing = false;
    /** Connections opened and not yet closed. */
    #open = 0;
    #closed;
    #resolveClosed;
    /** `close({ timeout })`: when what is left is destroyed (monotonic ms), its timer, and whether it passed. */
    #closeDeadline = Infinity;
    #closeTimer;
    #pastDeadline = false;
    /** `ownGetName`: the agent class's `getName` (its prototype's), which asks {@link releaseKey}. */
    constructor(agent, options, ownGetName) {
        this.agent = agent;
        this.options = options;
        this.tls = agent.protocol === 'https:';
        this.frontEnd = this.tls ? 'HttpsAgent' : 'HttpAgent';
        this.idle = new idle_lru_1.IdleLru(options.maxIdleSockets);
        this.scopes = new add_request_1.AddScopes(agent);
        this.queue = new request_queue_1.QueueGuard(agent, this.frontEnd, options.maxQueuedRequests, options.queueTimeout);
        this.origins = new origin_registry_1.OriginRegistry(agent.protocol, this.tls, MAX_ORIGINS, (name) => (agent.requests[name]?.length ?? 0) > 0);
        this.releaseKey = new release_key_1.ReleaseKey(ownGetName);
        // Runs before Node's own 'free' listener, which hands a freed socket to a queued request
        // without calling keepSocketAlive / reuseSocket: the rules must hold on that path too.
        // Chained to it, the pool also hands the release's pool key to Node's getName asks.
        const chained = (0, node_adapter_1.chainFreeListener)(agent, (socket, freeOptions) => {
            (0, release_1.onFree)(this, socket);
            if (chained)
                this.releaseKey.note(agent, socket, freeOptions);
        }, () => this.releaseKey.clear());
    }
    // ---- addRequest --------------------------------------------------------------------------
    /**
     * Before Node's `addRequest`: header stripping, and the call's scope. Returns undefined when
     * the request was failed instead (the agent is closed): Node's `addRequest` must then not run.
     */
    beginAddRequest(req, options) {
        if (this.closing) {
            this.queue.reject(req, (0, origin_1.originLabel)(this.agent.protocol, options), 'agent_closed', new errors_1.AgentClosedError());
            return undefined;
        }
        if (this.options.stripConnectionClose && (0, lifecycle_1.hasHeaderApi)(req))
            (0, connection_header_1.stripConnectionClose)(req);
        return this.scopes.begin(req);
    }
    /** After Node's `addRequest`: a request that got no socket and no new connection was queued. */
    endAddRequest(scope, req, options) {
        const queued = !scope.placed && !scope.parked && scope.name !== undefined ? scope.name : undefined;
        this.scopes.end(scope);
        if (queued !== undefined)
            this.queue.onQueued(req, queued, this.origins.labelOf(queued) ?? (0, origin_1.originLabel)(this.agent.protocol, options));
    }
    /** Node's `addRequest` asks for the pool key just before it takes a free socket. */
    onGetName(name) {
        (0, take_1.onGetName)(this, name);
    }
    // ---- createSocket / createConnection -------------------------------------------------------
    beginCreate(req, nameOf) {
        const scope = this.scopes.of(req);
        // Node has decided to open a connection: what was changed for its decision goes back now.
        if (scope !== undefined)
            this.scopes.restore(scope);
        return this.creates.begin(req, scope !== undefined && !scope.placed, nameOf);
    }
    noteConnectOptions(args) {
        this.creates.noteConnectOptions(args);
    }
    endCreate(call) {
        if (!this.creates.end(call))
            return;
        // An asynchronous createConnection: the request is not queued.
        const scope = this.scopes.of(call.req);
        if (scope !== undefined)
            scope.placed = true;
    }
    /** Node's `createSocket` called back: with the socket Node has just put in `agent.sockets`, or an error. */
    created(call, err, socket, agentOptions, options) {
        this.creates.settle(call);
        if (err === null && socket !== undefined && this.#pastDeadline) {
            socket.destroy(); // arrived after close()'s deadline
        }
        else if (err === null && socket !== undefined && (0, connection_1.connectionOf)(socket) === undefined) {
            const conn = (0, lifecycle_1.openConnection)(this, this, socket, this.creates.nameOf(call), call.connectOptions ?? { ...options, ...agentOptions });
            this.#open++;
            if (call.forAdd && conn.requests === 0)
                (0, lifecycle_1.assign)(this, conn, call.req);
        }
        this.#checkClosed();
    }
    // ---- keepSocketAlive / reuseSocket / removeSocket ----------------------------------------------
    enterIdle(socket, nodeSays) {
        return (0, idle_1.enterIdle)(this, socket, nodeSays);
    }
    onReuse(socket, req) {
        (0, idle_1.onReuse)(this, socket, req);
    }
    /**
     * Node's `removeSocket`: a socket of the agent closed, left the agent (`'agentRemove'`), or
     * is moving to the free list (just admitted by `enterIdle`: nothing to do).
     */
    onRemoveSocket(socket) {
        const conn = (0, connection_1.connectionOf)(socket);
        if (conn === undefined || conn.state === 'closed')
            return;
        if (socket.destroyed)
            (0, lifecycle_1.finish)(this, conn, undefined);
        // Taken over (an upgrade, CONNECT) or removed by its owner: no longer the agent's.
        else if (conn.state !== 'idle' || !socket.writable)
            (0, lifecycle_1.finish)(this, conn, 'not_reusable');
    }
    // ---- ConnectionOwner ---------------------------------------------------------------------------
    staleWhileIdle(conn) {
        (0, idle_1.staleWhileIdle)(this, conn);
    }
    idleTimerDue(conn) {
        (0, idle_1.idleTimerDue)(this, conn);
    }
    connectionClosed() {
        this.#open--;
        this.#checkClosed();
    }
    // ---- destroy / close -----------------------------------------------------------------------------
    /**
     * `agent.destroy()`: every socket Node is about to destroy closes with reason `agent_closed`.
     * The agent stays usable (Node's meaning): waiting requests get new connections.
     */
    markAllClosing() {
        for (const lists of [this.agent.sockets, this.agent.freeSockets]) {
            for (const name of Object.keys(lists)) {
                for (const socket of lists[name]) {
                    const conn = (0, connection_1.connectionOf)(socket);
                    if (conn !== undefined)
                        conn.reason ??= 'agent_closed';
                }
            }
        }
    }
    /**
     * `agent.close()`: stop pooling, close idle sockets now, fail waiting requests, let requests
     * in flight finish (their sockets close when their responses end). Resolves when no socket
     * of the agent is left; with `timeout`, what is left then is destroyed.
     */
    close(options) {
        const timeout = (0, validate_1.resolveCloseTimeout)(options);
        if (this.#closed === undefined) {
            this.closing = true;
            this.#closed = new Promise((resolve) => {
                this.#resolveClosed = resolve;
            });
            this.queue.failAll();
            for (const conn of this.idle.snapshot())
                (0, lifecycle_1.closeIdle)(this, conn.socket, 'agent_closed');
            this.#checkClosed();
        }
        if (timeout !== Infinity && this.#resolveClosed !== undefined) {
            const deadline = (0, core_1.now)() + timeout;
            if (deadline < this.#closeDeadline) {
                this.#closeDeadline = deadline;
                if (this.#closeTimer !== undefined)
                    clearTimeout(this.#closeTimer);
                // unref(): the sockets still open keep the process alive, not this timer.
                this.#closeTimer = setTimeout(() => this.#destroyRemaining(), Math.min(timeout, timers_1.MAX_TIMER_MS)).unref();
            }
        }
        return this.#closed;
    }
    /** `close()`'s deadline passed: destroy every socket still open, and stop waiting for connections under way. */
    #destroyRemaining() {
        this.#closeTimer = undefined;
        this.#pastDeadline = true;
        this.markAllClosing();
        for (const lists of [this.agent.sockets, this.agent.freeSockets]) {
            for (const name of Object.keys(lists))
                for (const socket of [...lists[name]])
                    socket.destroy();
        }
        this.#checkClosed();
    }
    #checkClosed() {
        if (this.#resolveClosed !== undefined && this.#open === 0 && (this.creates.pendingTotal === 0 || this.#pastDeadline)) {
            if (this.#closeTimer !== undefined)
                clearTimeout(this.#closeTimer);
            this.#closeTimer = undefined;
            this.#resolveClosed();
            this.#resolveClosed = undefined;
        }
    }
    // ---- observability -------------------------------------------------------------------------------
    getStats() {
        const connecting = new Map();
        for (const name of Object.keys(this.agent.sockets)) {
            for (const socket of this.agent.sockets[name]) {
                const conn = (0, connection_1.connectionOf)(socket);
                if (conn?.state === 'connecting')
                    connecting.set(conn.origin, (connecting.get(conn.origin) ?? 0) + 1);
            }
        }
        for (const [name, n] of this.creates.pendingByName()) {
            const origin = this.origins.labelOf(name) ?? name;
            connecting.set(origin, (connecting.get(origin) ?? 0) + n);
        }
        return (0, stats_1.snapshotStats)({
            counters: this.origins.counters(),
            retired: this.origins.retired,
            origins: this.origins.labels(),
            sockets: this.agent.sockets,
            freeSockets: this.agent.freeSockets,
            requests: this.agent.requests,
            connecting,
            oldestQueued: this.queue.oldestWait(),
            tls: this.tls,
        });
    }
    /** What the pool knows of one socket, as plain data. */
    static describe(socket) {
        const conn = (0, connection_1.connectionOf)(socket);
        if (conn === undefined)
            return undefined;
        const state = conn.state;
        return {
            origin: conn.origin,
            state: state === 'idle' || state === 'closed' ? state : 'active',
            requests: conn.requests,
            requestLimit: conn.requestLimit,
            lifetime: conn.lifetime,
            age: (0, core_1.now)() - conn.createdAt,
            closeReason: state === 'closed' ? conn.reason : undefined,
        };
    }
}
exports.KeepAlivePool = KeepAlivePool;
//# sourceMappingURL=pool.js.map