"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.resolveDispatcherOptions = resolveDispatcherOptions;
/**
 * The options of `KeepAliveDispatcher`: the pool options of the agents (read by the same
 * spec), `maxCachedSessions`, the socket caps, the connection options (`connect`), and the
 * undici `Client` options the pool passes through. undici's own pool options that ours replace
 * are refused with a pointer to ours, and HTTP/2 is refused: this dispatcher speaks HTTP/1.1.
 * @module
 */
const errors_1 = require("../errors");
const names_1 = require("../options/names");
const spec_1 = require("../options/spec");
/** undici's pool options that ours replace: given one, the error names ours. */
const REPLACED = {
    keepAliveTimeout: 'idleTimeout',
    keepAliveMaxTimeout: 'idleTimeout',
    keepAliveTimeoutThreshold: 'agentKeepAliveTimeoutBuffer',
    maxRequestsPerClient: 'maxRequestsPerSocket',
    clientTtl: 'maxSocketLifetime',
    connections: 'maxSockets',
};
/** The `connect` options that undici reads but are ours here. */
const REPLACED_IN_CONNECT = {
    timeout: 'connectTimeout',
    maxCachedSessions: 'maxCachedSessions',
    allowH2: 'allowH2',
};
const PASS_THROUGH = ['headersTimeout', 'bodyTimeout', 'maxHeaderSize', 'maxResponseSize', 'strictContentLength', 'localAddress'];
function refuseUnsupported(given) {
    if (given.allowH2 !== undefined && given.allowH2 !== false) {
        throw new errors_1.InvalidOptionRangeError('allowH2', 'false or absent (KeepAliveDispatcher speaks HTTP/1.1 only)', given.allowH2);
    }
    if (given.pipelining !== undefined && given.pipelining !== 1) {
        throw new errors_1.InvalidOptionRangeError('pipelining', '1 or absent (one request at a time on each connection)', given.pipelining);
    }
    for (const name of ['factory', 'socketPath']) {
        if (given[name] !== undefined)
            throw new errors_1.InvalidOptionRangeError(name, 'absent (the pool opens its own TCP / TLS connections)', given[name]);
    }
    for (const [name, ours] of Object.entries(REPLACED))
        if (given[name] !== undefined)
            throw new errors_1.UnknownOptionError(name, ours);
    const connect = given.connect;
    if (connect === undefined || connect === null)
        return;
    if (typeof connect !== 'object') {
        throw new errors_1.InvalidOptionTypeError('connect', 'an object of net.connect / tls.connect options (a connector function is not accepted)', connect);
    }
    const inner = connect;
    if (inner.socketPath !== undefined)
        throw new errors_1.InvalidOptionRangeError('connect.socketPath', 'absent (the pool opens its own TCP / TLS connections)', inner.socketPath);
    for (const [name, ours] of Object.entries(REPLACED_IN_CONNECT))
        if (inner[name] !== undefined)
            throw new errors_1.UnknownOptionError(`connect.${name}`, ours);
}
/**
 * Validates the options (our typed errors, `code === 'ERR_UPSTREAM_KEEPALIVE_INVALID_OPTION'`)
 * and applies the defaults, those of the agents.
 */
function resolveDispatcherOptions(options) {
    const given = options !== null && typeof options === 'object' ? options : {};
    refuseUnsupported(given);
    const resolved = {};
    for (const [name, spec] of Object.entries(spec_1.KEEPALIVE_DISPATCHER_OPTIONS)) {
        const value = given[name];
        const read = value === undefined ? undefined : spec.reader.read(name, value);
        const fallback = spec.default;
        // A derived default names an option listed earlier (the spec's test holds it to that).
        resolved[name] = read ?? (typeof fallback === 'object' ? resolved[fallback.sameAs] : fallback);
    }
    (0, names_1.checkNearMisses)(given);
    const client = {};
    for (const name of PASS_THROUGH)
        if (given[name] !== undefined)
            client[name] = given[name];
    resolved.client = Object.freeze(client);
    resolved.connect = Object.freeze({ ...(given.connect ?? {}) });
    return Object.freeze(resolved);
}
//# sourceMappingURL=options.js.map