"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.isPairs = isPairs;
exports.flatten = flatten;
exports.scanHeaders = scanHeaders;
exports.strippedHeaders = strippedHeaders;
/**
 * The request headers of an undici dispatch, in any of the three shapes undici takes (a flat
 * `[name, value, ...]` array, an iterable of `[name, value]` pairs, or an object): the
 * `stripConnectionClose` rule (NGINX's `proxy_set_header Connection ""`), and the `Host`
 * header, which names the TLS servername when the caller set one.
 * @module
 */
const connection_options_1 = require("../rules/connection-options");
const SCAN = { close: false, keepAlive: false, host: undefined };
/** Looks at one header (only names of 4 or 10 characters can matter: `host`, `connection`, `keep-alive`). */
function look(scan, name, value) {
    if (typeof name !== 'string')
        return;
    if (name.length === 4) {
        if (scan.host === undefined && name.toLowerCase() === 'host' && typeof value === 'string')
            scan.host = value;
    }
    else if (name.length === 10) {
        const lower = name.toLowerCase();
        if (lower === 'keep-alive')
            scan.keepAlive = true;
        else if (lower === 'connection' && (0, connection_options_1.asksToClose)(value))
            scan.close = true;
    }
}
/** True for an iterable of pairs (a `Map`, `Headers`, a generator): anything iterable that is not an array. */
function isPairs(headers) {
    return !Array.isArray(headers) && typeof headers[Symbol.iterator] === 'function';
}
/** An iterable of pairs as a flat `[name, value, ...]` array (an iterator may be single-use: it is read once, here). */
function flatten(headers) {
    const out = [];
    for (const pair of headers)
        if (Array.isArray(pair))
            out.push(pair[0], pair[1]);
    return out;
}
/**
 * Reads the headers once: a `Connection: close`, a `Keep-Alive` header, and the `Host` header.
 * The result object is reused: read it at once.
 */
function scanHeaders(headers) {
    const scan = SCAN;
    scan.close = false;
    scan.keepAlive = false;
    scan.host = undefined;
    if (headers === null || headers === undefined || typeof headers !== 'object')
        return scan;
    if (Array.isArray(headers)) {
        for (let i = 0; i + 1 < headers.length; i += 2)
            look(scan, headers[i], headers[i + 1]);
    }
    else if (!isPairs(headers)) {
        const record = headers;
        for (const name in record)
            look(scan, name, record[name]);
    }
    // (An iterable of pairs is flattened by the caller first: see `flatten`.)
    return scan;
}
/**
 * The headers as a flat `[name, value, ...]` array without the caller's `Connection: close`,
 * the fields it names (RFC 9110 §7.6.1; never `Host`, `Content-Length`, `Transfer-Encoding`,
 * `Expect`), and any `Keep-Alive` header: what the agents strip. undici writes its own
 * `connection: keep-alive`.
 */
function strippedHeaders(headers) {
    const pairs = [];
    if (Array.isArray(headers)) {
        for (let i = 0; i + 1 < headers.length; i += 2)
            pairs.push([String(headers[i]), headers[i + 1]]);
    }
    else if (headers !== null && headers !== undefined && typeof headers === 'object' && !isPairs(headers)) {
        const record = headers;
        for (const name in record)
            pairs.push([name, record[name]]);
    }
    const dropped = new Set();
    for (const [name, value] of pairs)
        if (name.toLowerCase() === 'connection' && (0, connection_options_1.asksToClose)(value))
            for (const f of (0, connection_options_1.namedFields)(value))
                dropped.add(f);
    const out = [];
    for (const [name, value] of pairs) {
        const lower = name.toLowerCase();
        if (lower === 'keep-alive' || dropped.has(lower))
            continue;
        if (lower === 'connection' && (0, connection_options_1.asksToClose)(value))
            continue;
        out.push(name, value);
    }
    return out;
}
//# sourceMappingURL=request-headers.js.map