"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.UpstreamGroups = void 0;
/**
 * The groups of one agent, found by the host a request names.
 * @module
 */
const group_1 = require("./group");
/** Every group of the `upstreams` option, each an {@link UpstreamGroup}, by name. */
class UpstreamGroups {
    #byHost = new Map();
    /**
     * @param upstreams The resolved option (`resolveUpstreams`).
     * @param runtime The clock, random source and state-change callback, shared by the groups.
     */
    constructor(upstreams, runtime = {}) {
        for (const group of Object.values(upstreams))
            this.#byHost.set(group.name.toLowerCase(), new group_1.UpstreamGroup(group, runtime));
    }
    /**
     * The group a request's host names, or `undefined` for a host that is no group's name
     * (served as without groups). Host names are compared without case; give the host
     * without its port (a group is reached on any port) and without a trailing dot.
     */
    get(host) {
        return this.#byHost.size === 0 ? undefined : this.#byHost.get(host.toLowerCase());
    }
    /** The number of groups. */
    get size() {
        return this.#byHost.size;
    }
    [Symbol.iterator]() {
        return this.#byHost.values();
    }
    /** Each group's stats, in the order of the option. */
    stats() {
        return [...this.#byHost.values()].map((g) => g.stats());
    }
}
exports.UpstreamGroups = UpstreamGroups;
//# sourceMappingURL=upstream-groups.js.map