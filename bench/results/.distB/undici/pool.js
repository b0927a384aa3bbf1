"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.DispatchPool = void 0;
/**
 * The dispatcher's pool: its origins and shared state, the entry point of a request, the
 * callbacks of its exchanges and connections, `close()` / `destroy()`. The rules are those of
 * `lib/rules/`; what each step does is in the module named for it (take, release, lifecycle,
 * queue).
 * @module
 */
const node_net_1 = __importDefault(require("node:net"));
const errors_1 = require("../errors");
const origin_registry_1 = require("../observability/origin-registry");
const idle_lru_1 = require("../rules/idle-lru");
const session_cache_1 = require("../tls/session-cache");
const connector_1 = require("./connector");
const secure_context_cache_1 = require("../tls/secure-context-cache");
const core_1 = require("./core");
const exchange_1 = require("./exchange");
const lifecycle_1 = require("./lifecycle");
const origin_pool_1 = require("./origin-pool");
const peer_1 = require("./peer");
const queue_1 = require("./queue");
const release_1 = require("./release");
const request_headers_1 = require("./request-headers");
const slot_1 = require("./slot");
const take_1 = require("./take");
const warm_1 = require("./warm");
const timers_1 = require("../rules/timers");
/** Origins kept in the per-origin stats; past it, idle origins are folded into the totals. */
const MAX_ORIGINS = 1000;
/** The `Client` options of every connection: one request at a time, and no idle timer of undici's own before the pool's. */
const CLIENT_DEFAULTS = { pipelining: 1, keepAliveTimeout: timers_1.MAX_TIMER_MS, keepAliveMaxTimeout: timers_1.MAX_TIMER_MS, keepAliveTimeoutThreshold: -timers_1.MAX_TIMER_MS };
/** The hostname a `Host` header names (without its port and brackets). */
function hostnameOf(host) {
    if (host.startsWith('['))
        return host.slice(1, Math.max(1, host.indexOf(']')));
    const colon = host.indexOf(':');
    return colon === -1 ? host : host.slice(0, colon);
}
class DispatchPool {
    options;
    emitter;
    lru;
    waiting = new Set();
    closing = false;
    destroyed = false;
    total = 0;
    sockets = 0;
    /** Origins by key. */
    origins = new Map();
    registries;
    sessions;
    #connector;
    #client;
    #closed;
    #resolveClosed;
    constructor(emitter, options) {
        this.emitter = emitter;
        this.options = options;
        this.lru = new idle_lru_1.IdleLru(options.maxIdleSockets);
        const hasQueued = (key) => (this.origins.get(key)?.queue.length ?? 0) > 0;
        this.registries = { http: new origin_registry_1.OriginRegistry('http:', false, MAX_ORIGINS, hasQueued), https: new origin_registry_1.OriginRegistry('https:', true, MAX_ORIGINS, hasQueued) };
        this.sessions = new session_cache_1.TlsSessionCache(options.maxCachedSessions);
        this.#connector = { connect: options.connect, timeout: options.connectTimeout, sessions: this.sessions, context: new secure_context_cache_1.SharedSecureContext(options.connect) };
        this.#client = { ...options.client, ...CLIENT_DEFAULTS };
    }
    // ---- a request ---------------------------------------------------------------------------
    dispatch(opts, handler) {
        if (this.closing) {
            (0, exchange_1.failHandler)(handler, new errors_1.AgentClosedError());
            return;
        }
        let op;
        let x;
        const missing = (0, exchange_1.missingCallback)(handler, opts);
        if (missing !== undefined) {
            (0, exchange_1.failHandler)(handler, new peer_1.errors.InvalidArgumentError(`invalid ${missing} method`));
            return;
        }
        try {
            let headers = opts.headers;
            if (headers !== null && typeof headers === 'object' && (0, request_headers_1.isPairs)(headers)) {
                headers = (0, request_headers_1.flatten)(headers);
                opts = { ...opts, headers: headers };
            }
            const scan = (0, request_headers_1.scanHeaders)(headers);
            const host = scan.host;
            const asksToClose = scan.close;
            const strip = this.options.stripConnectionClose && (scan.close || scan.keepAlive);
            op = this.#originOf(opts, host);
            if (strip)
                opts = { ...opts, headers: (0, request_headers_1.strippedHeaders)(headers) };
            x = new exchange_1.Exchange(this, opts, handler, op);
            x.asksToClose = asksToClose && !this.options.stripConnectionClose;
        }
        catch (err) {
            (0, exchange_1.failHandler)(handler, err);
            return;
        }
        let begun;
        try {
            begun = x.begin();
        }
        catch (err) {
            x.fail(err); // the caller's own start callback threw
            begun = false;
        }
        if (!begun) {
            this.dropIfEmpty(op); // aborted at once
            return;
        }
        (0, take_1.place)(this, op, x);
    }
    /** The origin of a request (created on first use): its origin, and for TLS its servername. */
    #originOf(opts, host) {
        const given = opts.origin;
        const origin = typeof given === 'string' ? given : given instanceof URL ? given.origin : undefined;
        if (origin === undefined || origin === '')
            throw new peer_1.errors.InvalidArgumentError('opts.origin must be a non-empty string or URL.');
        const secure = origin.startsWith('https:');
        let servername;
        if (secure) {
            const asked = opts.servername;
            const named = typeof asked === 'string' && asked !== '' ? asked : host !== undefined ? hostnameOf(host) : undefined;
            servername = named !== undefined && node_net_1.default.isIP(named) === 0 ? named : undefined;
        }
        const key = servername === undefined ? origin : `${origin} ${servername}`;
        const found = this.origins.get(key);
        if (found !== undefined)
            return found;
        let url;
        try {
            url = new URL(origin);
        }
        catch {
            throw new peer_1.errors.InvalidArgumentError(`invalid origin: ${origin}`);
        }
        if (url.protocol !== 'http:' && url.protocol !== 'https:')
            throw new peer_1.errors.InvalidArgumentError(`unsupported protocol: ${url.protocol}`);
        const registry = url.protocol === 'https:' ? this.registries.https : this.registries.http;
        const port = url.port === '' ? (url.protocol === 'https:' ? 443 : 80) : Number(url.port);
        const entry = registry.track(key, { host: url.hostname, port, servername });
        const op = new origin_pool_1.OriginPool(key, url, port, servername, entry);
        this.origins.set(key, op);
        return op;
    }
    // ---- the exchanges (ExchangeOwner) -----------------------------------------------------------
    started(x) {
        (0, lifecycle_1.requestStarted)(this, x);
        (0, warm_1.onRequestStarted)(this, x.slot);
    }
    ended(x) {
        // undici decides whether it keeps the socket right after the caller's onComplete returns:
        // released a microtask later (one microtask for all the responses completed meanwhile).
        x.group.completing++;
        this.#completed.push(x);
        if (this.#completed.length === 1)
            queueMicrotask(this.#releaseCompleted);
    }
    /** Responses complete, to release in the microtask. */
    #completed = [];
    #releaseCompleted = () => {
        const done = this.#completed;
        // A release may complete another response synchronously (it is then in this batch too).
        for (let i = 0; i < done.length; i++)
            (0, release_1.releaseAfterResponse)(this, done[i]);
        done.length = 0;
    };
    placeHandoffs(op) {
        (0, take_1.placeHandoffs)(this, op);
        this.dropIfEmpty(op);
    }
    failed(x, err) {
        (0, release_1.releaseAfterError)(this, x, err);
    }
    upgraded(x) {
        (0, release_1.releaseAfterUpgrade)(this, x);
    }
    withdrawn(x) {
        (0, queue_1.withdraw)(this, x.group, x);
    }
    // ---- the connections (SlotOwner, DispatchCore) ---------------------------------------------------
    newSlot(op) {
        const slot = new slot_1.Slot(this, op, (connect) => this.#makeClient(op, connect));
        op.slots.add(slot);
        this.total++;
        return slot;
    }
    #makeClient(op, connect) {
        const client = new peer_1.Client(op.origin, { ...this.#client, connect });
        // undici's own events of its dispatchers, as its Agent re-emits them.
        const d = this.emitter;
        client.on('connect', (origin, targets) => d.emit('connect', origin, [d, ...targets]));
        client.on('disconnect', (origin, targets, err) => d.emit('disconnect', origin, [d, ...targets], err));
        client.on('connectionError', (origin, targets, err) => d.emit('connectionError', origin, [d, ...targets], err));
        return client;
    }
    connect(slot, params, callback) {
        const prepared = slot.prepared;
        if (prepared !== undefined) {
            // A warm replacement: its connection was opened ahead.
            slot.prepared = undefined;
            prepared.handOver(callback);
            return;
        }
        this.openFor(slot, params, callback);
    }
    /** Opens a connection for `slot` (its socket counted as soon as it exists). */
    openFor(slot, params, callback) {
        const counters = slot.group.entry.counters;
        const report = {
            opened: (socket) => (0, lifecycle_1.socketOpened)(this, slot, socket),
            handshake: (resumed) => {
                if (resumed)
                    counters.tlsResumed = (counters.tlsResumed ?? 0) + 1;
                else
                    counters.tlsFull = (counters.tlsFull ?? 0) + 1;
            },
        };
        (0, connector_1.openConnection)(this.#connector, params, slot.group.entry.label, report, (err, socket) => {
            if (err === null)
                slot.connecting = false;
            callback(err, socket);
        });
    }
    idleTimerDue(slot) {
        if (slot.idleTimer.expired((0, core_1.now)(), slot.idleDeadline))
            (0, lifecycle_1.closeSlot)(this, slot, slot.idleReason);
    }
    slotGone(op) {
        (0, take_1.serveWaiting)(this, op);
        this.dropIfEmpty(op);
        this.checkClosed();
    }
    dropIfEmpty(op) {
        if (op.empty && this.origins.get(op.key) === op)
            this.origins.delete(op.key);
    }
    checkClosed() {
        if (this.#resolveClosed !== undefined && this.total === 0 && this.sockets === 0 && this.waiting.size === 0) {
            this.#resolveClosed();
            this.#resolveClosed = undefined;
        }
    }
    // ---- close / destroy -----------------------------------------------------------------------------
    /** Graceful (undici's meaning): no new request; waiting and running requests finish; idle connections close now. */
    close() {
        if (this.#closed === undefined) {
            this.closing = true;
            this.#closed = new Promise((resolve) => {
                this.#resolveClosed = resolve;
            });
            for (const slot of this.lru.snapshot())
                (0, lifecycle_1.closeSlot)(this, slot, 'agent_closed');
            this.checkClosed();
        }
        return this.#closed;
    }
    /** Immediate (undici's meaning): waiting requests fail, running ones are aborted with `err`, every connection closes. */
    destroy(err) {
        const closed = this.close();
        if (!this.destroyed) {
            this.destroyed = true;
            for (const op of [...this.origins.values()]) {
                (0, queue_1.failAll)(this, op, err ?? new errors_1.AgentClosedError());
                for (const slot of [...op.slots])
                    (0, lifecycle_1.closeSlot)(this, slot, 'agent_closed', err);
            }
            this.checkClosed();
        }
        return closed;
    }
}
exports.DispatchPool = DispatchPool;
//# sourceMappingURL=pool.js.map