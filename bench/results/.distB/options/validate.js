"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.resolveOptions = resolveOptions;
exports.resolveCloseTimeout = resolveCloseTimeout;
const errors_1 = require("../errors");
const validate_1 = require("../upstreams/validate");
const names_1 = require("./names");
const spec_1 = require("./spec");
/**
 * Validates `options` against the option set of the agent class being built (`HttpAgent`'s
 * by default; `HttpsAgent` passes `HTTPS_AGENT_OPTIONS`), throwing a typed error that names
 * the option and the value, and splits them into Node's options and ours. `undefined` values
 * count as absent. Node's own options are not judged here: Node's constructor judges them,
 * with Node's coercions and error codes.
 */
function resolveOptions(options, set = spec_1.HTTP_AGENT_OPTIONS) {
    // Node's agent takes any value as its options (spreading it); a non-object brings no option.
    const given = options !== null && typeof options === 'object' ? options : {};
    const read = new Map();
    for (const [name, spec] of Object.entries(set)) {
        const value = given[name];
        read.set(name, value === undefined ? undefined : spec.reader.read(name, value));
    }
    (0, names_1.checkNearMisses)(given);
    const upstreams = given.upstreams === undefined ? undefined : (0, validate_1.resolveUpstreams)(given.upstreams);
    const pool = {};
    for (const [name, spec] of Object.entries(set)) {
        if (!spec.to.pool)
            continue;
        const { default: fallback } = spec;
        // A derived default names an option listed earlier (the spec's test holds it to that).
        pool[name] = read.get(name) ?? (typeof fallback === 'object' ? pool[fallback.sameAs] : fallback);
    }
    const node = { ...given };
    // Our one deliberate change of a Node default: keepAlive is on unless the caller says otherwise.
    if (given.keepAlive === undefined)
        node.keepAlive = true;
    for (const [name, spec] of Object.entries(set)) {
        // Ours stay out of Node's `agent.options` (which Node copies into every connect call).
        if (spec.to.node === 'none')
            delete node[name];
        else if (spec.to.node === 'resolved')
            node[name] = pool[name];
    }
    delete node.upstreams;
    return { node: node, pool: Object.freeze(pool), upstreams };
}
/** The `timeout` of `close(options)`, checked: ms ≥ 0, `Infinity` when absent. */
function resolveCloseTimeout(options) {
    const timeout = options?.timeout;
    if (timeout === undefined)
        return Infinity;
    if (typeof timeout !== 'number')
        throw new errors_1.InvalidOptionTypeError('timeout', 'of type number', timeout);
    if (!(timeout >= 0))
        throw new errors_1.InvalidOptionRangeError('timeout', 'a number of milliseconds >= 0, or Infinity', timeout);
    return timeout;
}
//# sourceMappingURL=validate.js.map