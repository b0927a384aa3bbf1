"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.QueueGuard = void 0;
const diagnostics_1 = require("../observability/diagnostics");
const errors_1 = require("../errors");
const node_adapter_1 = require("./node-adapter");
const clock_1 = require("../rules/clock");
const timers_1 = require("../rules/timers");
/**
 * Bounds and watches Node's request queue (`agent.requests`, which stays the queue):
 * `maxQueuedRequests` per origin and `queueTimeout`. A request is failed the way Node's agent
 * fails one whose connection could not be made: `req.onSocket(null, err)`, which emits the
 * request's `'error'` and `'close'`.
 *
 * A waiting request that its caller aborts (`req.destroy()`, an `AbortSignal`) stays in
 * Node's queue as it does with Node's agent, until a socket frees and Node passes it on (Node
 * emits the request's `'close'` then); nothing is patched onto the request to notice sooner.
 * It no longer counts: not against `maxQueuedRequests`, not in the `queued` stats, not in the
 * longest wait, and its `queueTimeout` does not fail it.
 */
class QueueGuard {
    agent;
    frontEnd;
    maxQueuedRequests;
    queueTimeout;
    waiting = new Map();
    constructor(agent, frontEnd, maxQueuedRequests, queueTimeout) {
        this.agent = agent;
        this.frontEnd = frontEnd;
        this.maxQueuedRequests = maxQueuedRequests;
        this.queueTimeout = queueTimeout;
    }
    /** Requests waiting now. */
    get size() {
        return this.waiting.size;
    }
    /** Node just queued `req` (the last of `agent.requests[name]`): bound it, time it, watch for aborts. */
    onQueued(req, name, origin) {
        const queue = this.agent.requests[name];
        if (queue === undefined || queue[queue.length - 1] !== req)
            return;
        if (queue.length > this.maxQueuedRequests && liveCount(queue) > this.maxQueuedRequests) {
            (0, node_adapter_1.removeQueued)(this.agent, name, req);
            this.fail(req, origin, 'queue_full', new errors_1.QueueFullError(origin, this.maxQueuedRequests), 0);
            return;
        }
        const entry = { name, origin, since: (0, clock_1.now)(), timer: undefined };
        this.waiting.set(req, entry);
        if (this.queueTimeout > 0 && this.queueTimeout !== Infinity) {
            // unref(): a waiting request alone does not keep the process alive, as with Node's agent.
            entry.timer = setTimeout(() => this.expire(req), Math.min(this.queueTimeout, timers_1.MAX_TIMER_MS)).unref();
        }
        if ((0, diagnostics_1.wants)(this.agent, 'requestQueued')) {
            (0, diagnostics_1.announce)(this.agent, 'requestQueued', { frontEnd: this.frontEnd, agent: this.agent, request: req, origin, queued: queue.length });
        }
    }
    /** Node is handing a socket to `req`, the head of its origin's queue. */
    onDequeued(req) {
        const entry = this.release(req);
        if (entry === undefined)
            return;
        if (req.destroyed) {
            // Aborted while it waited: Node hands it the socket, and it passes the socket on.
            this.announceRejected(req, entry.origin, 'aborted', undefined, (0, clock_1.now)() - entry.since);
            return;
        }
        if ((0, diagnostics_1.wants)(this.agent, 'requestDequeued')) {
            const waited = (0, clock_1.now)() - entry.since;
            (0, diagnostics_1.announce)(this.agent, 'requestDequeued', { frontEnd: this.frontEnd, agent: this.agent, request: req, origin: entry.origin, waited });
        }
    }
    /** Fails every waiting request with an `AgentClosedError` (`agent.close()`). */
    failAll() {
        for (const [req, entry] of [...this.waiting]) {
            this.release(req);
            (0, node_adapter_1.removeQueued)(this.agent, entry.name, req);
            this.fail(req, entry.origin, 'agent_closed', new errors_1.AgentClosedError(), (0, clock_1.now)() - entry.since);
        }
    }
    /** Milliseconds the longest-waiting request has waited, per origin and overall. */
    oldestWait() {
        const t = (0, clock_1.now)();
        const byOrigin = new Map();
        let total = 0;
        for (const [req, entry] of this.waiting) {
            if (req.destroyed)
                continue;
            const waited = t - entry.since;
            if (waited > (byOrigin.get(entry.origin) ?? 0))
                byOrigin.set(entry.origin, waited);
            if (waited > total)
                total = waited;
        }
        return { total, byOrigin };
    }
    /** Fails a request at once, before it is queued or sent (used for requests after `close()`). */
    reject(req, origin, reason, error) {
        this.fail(req, origin, reason, error, 0);
    }
    expire(req) {
        const entry = this.release(req);
        if (entry === undefined)
            return;
        if (req.destroyed) {
            // Aborted meanwhile: it leaves Node's queue as Node's agent lets it, when a socket frees.
            this.announceRejected(req, entry.origin, 'aborted', undefined, (0, clock_1.now)() - entry.since);
            return;
        }
        (0, node_adapter_1.removeQueued)(this.agent, entry.name, req);
        this.fail(req, entry.origin, 'queue_timeout', new errors_1.QueueTimeoutError(entry.origin, this.queueTimeout), (0, clock_1.now)() - entry.since);
    }
    release(req) {
        const entry = this.waiting.get(req);
        if (entry === undefined)
            return undefined;
        this.waiting.delete(req);
        if (entry.timer !== undefined)
            clearTimeout(entry.timer);
        return entry;
    }
    announceRejected(req, origin, reason, error, waited) {
        if ((0, diagnostics_1.wants)(this.agent, 'requestRejected')) {
            (0, diagnostics_1.announce)(this.agent, 'requestRejected', { frontEnd: this.frontEnd, agent: this.agent, request: req, origin, reason, waited, error });
        }
    }
    fail(req, origin, reason, error, waited) {
        this.announceRejected(req, origin, reason, error, waited);
        (0, node_adapter_1.failRequest)(req, error);
    }
}
exports.QueueGuard = QueueGuard;
/** Requests of a queue that have not been aborted. */
function liveCount(queue) {
    let n = 0;
    for (const req of queue)
        if (!req.destroyed)
            n++;
    return n;
}
//# sourceMappingURL=request-queue.js.map