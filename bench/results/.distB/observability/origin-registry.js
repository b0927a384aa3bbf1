"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.OriginRegistry = void 0;
const origin_1 = require("./origin");
const stats_1 = require("./stats");
/**
 * Origins by label and by Node's pool key, with their counters. Bounded: past `maxOrigins`
 * entries, the least recently connected origin with no open socket and no queued request is
 * folded into the `retired` counters (so totals stay exact) and dropped, so that a gateway
 * that talks to ever-new hosts does not grow without bound.
 */
class OriginRegistry {
    protocol;
    tls;
    maxOrigins;
    hasQueued;
    entries = new Map();
    byName = new Map();
    /** Counters of origins dropped from the per-origin view; part of the totals. */
    retired;
    constructor(protocol, tls, maxOrigins, hasQueued) {
        this.protocol = protocol;
        this.tls = tls;
        this.maxOrigins = maxOrigins;
        this.hasQueued = hasQueued;
        this.retired = (0, stats_1.newCounters)(tls);
    }
    /** The origin label of a pool key, if the key is known. */
    labelOf(name) {
        return this.byName.get(name)?.label;
    }
    /** The entry for a socket being created for pool key `name`: made most recent, created if new. */
    track(name, connectOptions) {
        let entry = this.byName.get(name);
        if (entry === undefined) {
            const label = (0, origin_1.originLabel)(this.protocol, connectOptions);
            entry = this.entries.get(label);
            if (entry === undefined) {
                entry = { label, counters: (0, stats_1.newCounters)(this.tls), open: 0, names: new Set(), lastRequestAt: -Infinity };
                this.prune();
            }
            entry.names.add(name);
            this.byName.set(name, entry);
        }
        // Most recently connected last.
        this.entries.delete(entry.label);
        this.entries.set(entry.label, entry);
        return entry;
    }
    /** Counters by origin label, for the stats. */
    counters() {
        const out = new Map();
        for (const [label, entry] of this.entries)
            out.set(label, entry.counters);
        return out;
    }
    /** Pool key → origin label, for the stats. */
    labels() {
        const out = new Map();
        for (const [name, entry] of this.byName)
            out.set(name, entry.label);
        return out;
    }
    prune() {
        if (this.entries.size < this.maxOrigins)
            return;
        for (const entry of this.entries.values()) {
            if (entry.open > 0 || [...entry.names].some(this.hasQueued))
                continue;
            (0, stats_1.addCounters)(this.retired, entry.counters);
            this.entries.delete(entry.label);
            for (const name of entry.names)
                this.byName.delete(name);
            return;
        }
    }
}
exports.OriginRegistry = OriginRegistry;
//# sourceMappingURL=origin-registry.js.map