"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.UpstreamRouter = exports.serverLabel = exports.attemptOf = void 0;
const errors_1 = require("../errors");
const timers_1 = require("../rules/timers");
const upstream_groups_1 = require("../upstreams/upstream-groups");
const lifecycle_1 = require("./lifecycle");
const node_adapter_1 = require("./node-adapter");
const upstream_attempt_1 = require("./upstream-attempt");
const upstream_resolver_1 = require("./upstream-resolver");
const upstream_retire_1 = require("./upstream-retire");
var upstream_attempt_2 = require("./upstream-attempt");
Object.defineProperty(exports, "attemptOf", { enumerable: true, get: function () { return upstream_attempt_2.attemptOf; } });
Object.defineProperty(exports, "serverLabel", { enumerable: true, get: function () { return upstream_attempt_2.serverLabel; } });
class UpstreamRouter {
    groups;
    #host;
    #settings;
    #tls;
    #waiting = new Map();
    #retired;
    /** Resolves the names of the `resolve` servers; only for groups that have some. */
    #resolver;
    constructor(host, upstreams, settings, onStateChange) {
        this.#host = host;
        this.#settings = settings;
        this.#tls = host.protocol === 'https:';
        this.groups = new upstream_groups_1.UpstreamGroups(upstreams, { onStateChange });
        if ([...this.groups].some((g) => g.resolvable.length > 0)) {
            this.#retired = new upstream_retire_1.RetiredServers(host.pool);
            this.#resolver = new upstream_resolver_1.UpstreamResolver(this.groups, { lookup: host.lookup, family: host.family, onRound: (g, change) => this.#resolved(g, change) });
        }
    }
    /** Stops re-resolving (`destroy()`; `close()` for good, and the requests waiting for a server under `maxConns` fail, as queued ones do). */
    stop(forGood) {
        this.#resolver?.stop(forGood);
        if (!forGood)
            return;
        for (const req of [...this.#waiting.values()].flat()) {
            this.#unwait(req, req[upstream_attempt_1.kAttempt]);
            (0, node_adapter_1.failRequest)(req, new errors_1.AgentClosedError());
        }
    }
    /**
     * A round of resolutions of `group`: the connections of the addresses that no group lists any
     * more are closed, and requests waiting for a server under `maxConns` try the new addresses.
     */
    #resolved(group, change) {
        const protocol = this.#host.protocol;
        const listed = new Set();
        for (const g of this.groups)
            for (const peer of g.peers)
                listed.add((0, upstream_attempt_1.serverLabel)(protocol, peer));
        this.#retired.update(change.removed, listed, (peer) => (0, upstream_attempt_1.serverLabel)(protocol, peer));
        if (change.added.length > 0)
            this.#drain(group);
    }
    /**
     * The options to give Node's `addRequest` for `req`: `undefined` when its host names no
     * group (the caller's own options are used), `null` when the router has taken the request
     * (it waits for a server, or it failed).
     */
    route(req, options) {
        // Options the router made (a re-dispatch to the next server): already routed.
        if ((0, upstream_attempt_1.attemptOf)(options) !== undefined)
            return options;
        const r = req;
        let attempt = r[upstream_attempt_1.kAttempt];
        if (attempt === undefined) {
            const group = this.groups.get((0, upstream_attempt_1.hostOf)(options));
            if (group === undefined)
                return undefined;
            this.#resolver?.resume();
            attempt = {
                group,
                tried: group.tried(),
                base: options,
                view: (0, upstream_attempt_1.viewOf)(req, options),
                peer: undefined,
                failures: [],
                waiting: undefined,
            };
            r[upstream_attempt_1.kAttempt] = attempt;
            const a = attempt;
            // Node emits the request's 'close' just before it frees its socket ('free'): the pick is
            // released once the socket is back in the pool, so that a request waiting for the server
            // takes that connection rather than opening one more than `maxConns`.
            req.once('close', () => process.nextTick(onRequestClosed, this, r, a));
            if (this.#resolver?.pending(group) === true) {
                // Its names are being resolved for the first time: the request waits for the answer, within connectTimeout.
                const { connectTimeout } = this.#settings;
                const limit = connectTimeout > 0 && connectTimeout !== Infinity ? connectTimeout : upstream_resolver_1.RESOLVE_TIMEOUT;
                this.#resolver.whenResolved(group, limit, () => this.#resume(r, a));
                return null;
            }
        }
        return this.#pick(r, attempt);
    }
    /** The first resolution of the group's names is over (or timed out): the request picks its server now. */
    #resume(req, attempt) {
        if (req.destroyed) {
            (0, node_adapter_1.failRequest)(req); // aborted while it waited: Node's way, its 'close' (and 'error') now
            return;
        }
        attempt.tried = attempt.group.tried();
        const next = this.#pick(req, attempt);
        if (next !== null)
            this.#host.addRequest(req, next);
    }
    /**
     * A connection for a group's request, handed to Node's `createSocket` (`done`) only once it
     * is established, or failed with its error (connect error, TLS handshake error, connect
     * timeout) without Node binding it to the request.
     */
    connect(open, options, done) {
        const socket = open(options);
        if (socket === null || socket === undefined) {
            done(new Error('createConnection returned no socket'));
            return;
        }
        const tls = this.#tls && socket.encrypted === true;
        if (!tls && !socket.connecting) {
            done(null, socket);
            return;
        }
        const ready = tls ? 'secureConnect' : 'connect';
        const timeout = this.#settings.connectTimeout;
        let timer;
        const settle = (err) => {
            if (timer !== undefined)
                clearTimeout(timer);
            socket.removeListener(ready, onReady);
            socket.removeListener('error', settle);
            socket.removeListener('close', onClose);
            if (err === null)
                done(null, socket);
            else {
                socket.destroy();
                done(err);
            }
        };
        const onReady = () => settle(null);
        const onClose = () => settle(new Error('the connection closed before it was established'));
        socket.once(ready, onReady);
        socket.once('error', settle);
        socket.once('close', onClose);
        if (timeout > 0 && timeout !== Infinity) {
            const attempt = (0, upstream_attempt_1.attemptOf)(options);
            const origin = `${this.#host.protocol}//${attempt?.peer?.address ?? `${options.host}:${options.port}`}`;
            timer = setTimeout(() => settle(new errors_1.ConnectTimeoutError(origin, timeout, tls)), Math.min(timeout, timers_1.MAX_TIMER_MS)).unref();
        }
    }
    /**
     * A group's request could not get its connection: the server failed; the request goes to the
     * next server. Returns the error to give the caller, or `undefined` when the request was
     * re-dispatched (or taken by the router: waiting, or failed with the list of servers tried).
     */
    connectFailed(req, options, err) {
        const attempt = (0, upstream_attempt_1.attemptOf)(options);
        const r = req;
        if (attempt === undefined || r[upstream_attempt_1.kAttempt] !== attempt || attempt.peer === undefined)
            return err;
        const peer = attempt.peer;
        attempt.peer = undefined;
        attempt.failures.push({ address: peer.address, error: err });
        attempt.group.release(peer, 'failure');
        if (r.destroyed)
            return err;
        if (!attempt.tried.canRetry())
            return new errors_1.NoLiveUpstreamError(attempt.group.name, attempt.failures);
        const next = this.#pick(r, attempt);
        if (next !== null)
            this.#host.addRequest(req, next);
        this.#drain(attempt.group);
        return undefined;
    }
    #pick(req, attempt) {
        const pick = attempt.group.pick(attempt.view, attempt.tried);
        if (pick === 'busy') {
            this.#wait(req, attempt);
            return null;
        }
        if (pick === 'none') {
            (0, node_adapter_1.failRequest)(req, noLiveUpstream(attempt));
            return null;
        }
        return (0, upstream_attempt_1.optionsFor)(attempt, pick, this.#host.protocol);
    }
    /** Every eligible server is at its `maxConns`: the request waits for one (bounded and timed). */
    #wait(req, attempt) {
        const group = attempt.group;
        let queue = this.#waiting.get(group);
        if (queue === undefined)
            this.#waiting.set(group, (queue = []));
        const { maxQueuedRequests, queueTimeout } = this.#settings;
        const origin = `${this.#host.protocol}//${group.name}`;
        if (queue.length >= maxQueuedRequests) {
            (0, node_adapter_1.failRequest)(req, new errors_1.QueueFullError(origin, maxQueuedRequests));
            return;
        }
        queue.push(req);
        attempt.waiting = true;
        if (queueTimeout > 0 && queueTimeout !== Infinity) {
            attempt.waiting = setTimeout(() => {
                this.#unwait(req, attempt);
                (0, node_adapter_1.failRequest)(req, new errors_1.QueueTimeoutError(origin, queueTimeout));
            }, Math.min(queueTimeout, timers_1.MAX_TIMER_MS)).unref();
        }
    }
    #unwait(req, attempt) {
        if (attempt.waiting === undefined)
            return;
        if (attempt.waiting !== true)
            clearTimeout(attempt.waiting);
        attempt.waiting = undefined;
        const queue = this.#waiting.get(attempt.group);
        const i = queue?.indexOf(req) ?? -1;
        if (i !== -1)
            queue.splice(i, 1);
    }
    /** A request of the group ended: the requests waiting for a server try again, in order. */
    #drain(group) {
        const queue = this.#waiting.get(group);
        while (queue !== undefined && queue.length > 0) {
            const req = queue[0];
            const attempt = req[upstream_attempt_1.kAttempt];
            const pick = group.pick(attempt.view, attempt.tried);
            if (pick === 'busy')
                return; // still at the caps
            this.#unwait(req, attempt);
            if (pick === 'none') {
                (0, node_adapter_1.failRequest)(req, noLiveUpstream(attempt));
                continue;
            }
            this.#host.addRequest(req, (0, upstream_attempt_1.optionsFor)(attempt, pick, this.#host.protocol));
        }
    }
    /** @internal The request closed: its pick is released (a failure if its connection failed before any response byte). */
    closed(req, attempt) {
        this.#unwait(req, attempt);
        const peer = attempt.peer;
        if (peer !== undefined) {
            attempt.peer = undefined;
            const socket = req.socket;
            const failed = (req.res === undefined || req.res === null) && socket !== null && socket !== undefined && (0, lifecycle_1.hadError)(socket);
            attempt.group.release(peer, failed ? 'failure' : 'success');
        }
        this.#drain(attempt.group);
    }
}
exports.UpstreamRouter = UpstreamRouter;
function onRequestClosed(router, req, attempt) {
    router.closed(req, attempt);
}
/** No server could take the request: the servers it tried, and the `resolve` servers that have no address. */
function noLiveUpstream(attempt) {
    const unresolved = attempt.group.unresolved();
    return new errors_1.NoLiveUpstreamError(attempt.group.name, [...attempt.failures, ...unresolved]);
}
//# sourceMappingURL=upstream-router.js.map