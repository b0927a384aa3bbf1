"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.kAttempt = void 0;
exports.attemptOf = attemptOf;
exports.optionsFor = optionsFor;
exports.serverLabel = serverLabel;
exports.hostOf = hostOf;
exports.viewOf = viewOf;
const origin_1 = require("../observability/origin");
/** The key under which a request, and the options Node is given for it, carry its attempt. */
exports.kAttempt = Symbol('upstream-keepalive.upstreamAttempt');
/** The attempt whose options these are, if the request goes to a group. */
function attemptOf(options) {
    return options !== null && typeof options === 'object' ? options[exports.kAttempt] : undefined;
}
/** The caller's options sent to `peer` (its host and port; the `Host` header is already set): the attempt's now. */
function optionsFor(attempt, peer, protocol) {
    attempt.peer = peer;
    const options = { ...attempt.base, host: peer.host, port: peer.port };
    // The stats' origin is the server (for TLS the servername is the group's name).
    options[origin_1.kOriginLabel] = serverLabel(protocol, peer);
    if (options.hostname !== undefined && options.hostname !== null)
        options.hostname = peer.host;
    options[exports.kAttempt] = attempt;
    return options;
}
/** The stats' origin label of a server of a group: `scheme://host:port`. */
function serverLabel(protocol, peer) {
    return (0, origin_1.originLabel)(protocol, { host: peer.host, port: peer.port });
}
/** The host a request names, without a trailing dot. */
function hostOf(options) {
    const host = String(options.host ?? options.hostname ?? 'localhost');
    return host.endsWith('.') ? host.slice(0, -1) : host;
}
/** What `hashKey` sees of a request. */
function viewOf(req, options) {
    const r = req;
    const headers = typeof r.getHeaders === 'function' ? r.getHeaders() : {};
    return {
        method: r.method ?? options.method ?? 'GET',
        path: r.path ?? options.path ?? '/',
        headers: headers,
        host: hostOf(options),
    };
}
//# sourceMappingURL=upstream-attempt.js.map