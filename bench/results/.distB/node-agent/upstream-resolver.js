"use strict";
var __createBinding = (this && this.__createBinding) || (Object.create ? (function(o, m, k, k2) {
    if (k2 === undefined) k2 = k;
    var desc = Object.getOwnPropertyDescriptor(m, k);
    if (!desc || ("get" in desc ? !m.__esModule : desc.writable || desc.configurable)) {
      desc = { enumerable: true, get: function() { return m[k]; } };
    }
    Object.defineProperty(o, k2, desc);
}) : (function(o, m, k, k2) {
    if (k2 === undefined) k2 = k;
    o[k2] = m[k];
}));
var __setModuleDefault = (this && this.__setModuleDefault) || (Object.create ? (function(o, v) {
    Object.defineProperty(o, "default", { enumerable: true, value: v });
}) : function(o, v) {
    o["default"] = v;
});
var __importStar = (this && this.__importStar) || (function () {
    var ownKeys = function(o) {
        ownKeys = Object.getOwnPropertyNames || function (o) {
            var ar = [];
            for (var k in o) if (Object.prototype.hasOwnProperty.call(o, k)) ar[ar.length] = k;
            return ar;
        };
        return ownKeys(o);
    };
    return function (mod) {
        if (mod && mod.__esModule) return mod;
        var result = {};
        if (mod != null) for (var k = ownKeys(mod), i = 0; i < k.length; i++) if (k[i] !== "default") __createBinding(result, mod, k[i]);
        __setModuleDefault(result, mod);
        return result;
    };
})();
Object.defineProperty(exports, "__esModule", { value: true });
exports.UpstreamResolver = exports.RESOLVE_TIMEOUT = void 0;
/**
 * The names of the `resolve` servers of an agent's upstream groups, resolved when the agent is
 * made and again every `resolveInterval` of their group (NGINX's `resolve` with the `valid=`
 * of its `resolver`), by the agent's `lookup` (Node's `dns.lookup` unless given, as
 * `net.connect` uses it), with `{ all: true }`. Each answer becomes the server's peers
 * (`UpstreamGroup.setAddresses`); a failed or timed-out lookup keeps the addresses of the last
 * one and is counted in the group's stats. The timers are `unref()`'d: they never keep the
 * process alive. A request to a group whose names have not been resolved yet waits for that
 * first resolution ({@link UpstreamResolver.whenResolved}).
 * @module
 */
const dns = __importStar(require("node:dns"));
const timers_1 = require("../rules/timers");
/** How long one lookup may take before it counts as failed (NGINX's `resolver_timeout` default, 30s). */
exports.RESOLVE_TIMEOUT = 30_000;
class UpstreamResolver {
    #settings;
    #lookup;
    #loops = new Map();
    /** The timeouts of the lookups under way (cleared on stop). */
    #lookups = new Set();
    #state = 'running';
    /** Starts resolving the names of every group that has `resolve` servers, now. */
    constructor(groups, settings) {
        this.#settings = settings;
        this.#lookup = settings.lookup ?? dns.lookup;
        for (const group of groups) {
            if (group.resolvable.length === 0)
                continue;
            const loop = { group, timer: undefined, settled: false, waiters: new Set(), generation: 0 };
            this.#loops.set(group, loop);
            this.#round(loop);
        }
    }
    /** Whether a request to `group` must wait: its names have not been resolved once yet. */
    pending(group) {
        const loop = this.#loops.get(group);
        return loop !== undefined && !loop.settled;
    }
    /**
     * Calls `then` once `group`'s first resolution is over, or after `timeout` ms, whichever
     * comes first (at once when it is over already); the timer is `unref()`'d.
     */
    whenResolved(group, timeout, then) {
        const loop = this.#loops.get(group);
        if (loop === undefined || loop.settled) {
            then();
            return;
        }
        const timer = setTimeout(() => run(), Math.min(timeout, timers_1.MAX_TIMER_MS)).unref();
        const run = () => {
            clearTimeout(timer);
            if (loop.waiters.delete(run))
                then();
        };
        loop.waiters.add(run);
    }
    /**
     * Stops every timer (`agent.destroy()`; `close()` with `forGood`): lookups under way are
     * ignored, and requests waiting for a first resolution go on with the addresses known. After
     * a `destroy()` the agent stays usable: {@link resume} starts again.
     */
    stop(forGood) {
        if (this.#state === 'closed')
            return;
        this.#state = forGood ? 'closed' : 'stopped';
        for (const loop of this.#loops.values()) {
            if (loop.timer !== undefined)
                clearTimeout(loop.timer);
            loop.timer = undefined;
            loop.generation++;
            this.#settle(loop);
        }
        for (const timer of this.#lookups)
            clearTimeout(timer);
        this.#lookups.clear();
    }
    /** After `stop(false)` (a `destroy()`), a request to a group starts the loops again, with a round now. */
    resume() {
        if (this.#state !== 'stopped')
            return;
        this.#state = 'running';
        for (const loop of this.#loops.values())
            this.#round(loop);
    }
    /** One round: every name of the group looked up at once; the next round `resolveInterval` after the last answer. */
    #round(loop) {
        loop.timer = undefined;
        const { group } = loop;
        const generation = loop.generation;
        const added = [];
        const removed = [];
        let left = group.resolvable.length;
        for (const server of group.resolvable) {
            this.#resolve(server, (err, ips) => {
                if (generation !== loop.generation)
                    return; // stopped meanwhile
                if (err !== null)
                    group.resolveFailed(server.index, err);
                else {
                    const change = group.setAddresses(server.index, ips);
                    added.push(...change.added);
                    removed.push(...change.removed);
                }
                if (--left > 0)
                    return;
                this.#settings.onRound(group, { added, removed });
                this.#settle(loop);
                const interval = group.options.resolveInterval;
                if (this.#state === 'running' && interval !== Infinity) {
                    loop.timer = setTimeout(() => this.#round(loop), Math.min(interval, timers_1.MAX_TIMER_MS)).unref();
                }
            });
        }
    }
    #settle(loop) {
        loop.settled = true;
        for (const run of [...loop.waiters])
            run();
    }
    /** Looks one name up: its addresses, or the error (also for a lookup that throws, gives none, or takes over {@link RESOLVE_TIMEOUT}). */
    #resolve(server, done) {
        let answered = false;
        const answer = (err, ips) => {
            if (answered)
                return;
            answered = true;
            clearTimeout(timer);
            this.#lookups.delete(timer);
            done(err, ips);
        };
        const timer = setTimeout(() => answer(lookupError(server.host, 'ETIMEOUT', `timed out after ${exports.RESOLVE_TIMEOUT} ms`), []), exports.RESOLVE_TIMEOUT).unref();
        this.#lookups.add(timer);
        const options = { all: true };
        if (this.#settings.family === 4 || this.#settings.family === 6)
            options.family = this.#settings.family;
        const lookup = this.#lookup; // called as net.connect calls it: as a plain function
        try {
            lookup(server.host, options, (err, address) => {
                if (err !== null && err !== undefined)
                    return answer(err, []);
                const list = Array.isArray(address) ? address.map((a) => a.address) : [address];
                const ips = list.filter((ip) => typeof ip === 'string' && ip !== '');
                answer(ips.length === 0 ? lookupError(server.host, 'ENOTFOUND', 'gave no address') : null, ips);
            });
        }
        catch (err) {
            answer(err instanceof Error ? err : new Error(String(err)), []);
        }
    }
}
exports.UpstreamResolver = UpstreamResolver;
/** An error of the shape of Node's DNS errors (`code`, `hostname`). */
function lookupError(hostname, code, what) {
    return Object.assign(new Error(`lookup of "${hostname}" ${what}`), { code, hostname, syscall: 'getaddrinfo' });
}
//# sourceMappingURL=upstream-resolver.js.map