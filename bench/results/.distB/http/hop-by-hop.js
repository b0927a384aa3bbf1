"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.HOP_BY_HOP_HEADERS = void 0;
exports.stripHopByHopHeaders = stripHopByHopHeaders;
exports.onProxyRes = onProxyRes;
/**
 * Hop-by-hop header fields for a proxy: they describe one connection, not the message, so
 * a proxy must not pass them on to the next hop (RFC 9110 §7.6.1). Lower-case names.
 *
 * - `connection` (RFC 9110 §7.6.1), and every field its tokens name;
 * - `keep-alive` (RFC 2068 §19.7.1): the upstream's `timeout=N` is about the proxy's
 *   connection to the upstream; forwarded, it tells the proxy's client a lie about its own
 *   connection, which the proxy's server may close sooner;
 * - `proxy-connection` (RFC 9112 appendix C.2.2), `te` (RFC 9110 §10.1.4);
 * - `trailer` (RFC 9110 §6.6.2): it announces trailer fields, and `http-proxy` never forwards
 *   trailers, so the announcement would be false; worse, Node's server throws
 *   `ERR_HTTP_TRAILER_INVALID` when a response that is not chunked (the response to an
 *   HTTP/1.0 client) carries it, which in `http-proxy` is an uncaught exception;
 * - `upgrade` (RFC 9110 §7.8), unless the exchange is an upgrade (`{ upgrade: true }`).
 *
 * `transfer-encoding` is deliberately **not** in the list; see {@link HopByHopOptions.removeTransferEncoding}.
 */
exports.HOP_BY_HOP_HEADERS = Object.freeze([
    'connection',
    'keep-alive',
    'proxy-connection',
    'te',
    'trailer',
    'upgrade',
]);
/** The tokens of `Connection` header values, lower case. */
function connectionTokens(values) {
    const tokens = [];
    for (const value of values) {
        if (value === undefined)
            continue;
        const text = Array.isArray(value) ? value.join(',') : String(value);
        for (const part of text.split(',')) {
            const token = part.trim().toLowerCase();
            if (token !== '')
                tokens.push(token);
        }
    }
    return tokens;
}
/**
 * The lower-case names to remove, given the `Connection` values in play: the fixed list, and
 * every field a `Connection` token names, minus what `options` keeps.
 */
function namesToRemove(connectionValues, options) {
    const names = new Set(exports.HOP_BY_HOP_HEADERS);
    for (const token of connectionTokens(connectionValues))
        names.add(token);
    if (options.upgrade === true)
        names.delete('upgrade');
    if (options.removeTransferEncoding === true)
        names.add('transfer-encoding');
    else
        names.delete('transfer-encoding');
    return names;
}
/** The values of every key of `headers` that is `name` in any letter case. */
function valuesOf(headers, name) {
    const values = [];
    for (const key of Object.keys(headers)) {
        if (key.toLowerCase() === name)
            values.push(headers[key]);
    }
    return values;
}
/**
 * Returns a copy of `headers` without its hop-by-hop fields; `headers` is not changed.
 *
 * Removed: `Connection`, `Keep-Alive`, `Proxy-Connection`, `TE`, `Trailer`, `Upgrade` (kept
 * with `{ upgrade: true }`), and every field that a `Connection` token names (RFC 9110
 * §7.6.1: "for each connection-option in this field, remove any header or trailer field(s)
 * from the message with the same name as the connection-option, and then remove the
 * Connection header field itself"). `Transfer-Encoding` is kept unless
 * `removeTransferEncoding` is set (see {@link HopByHopOptions.removeTransferEncoding} for why).
 * With `{ upgrade: true }`, `Connection` is kept as `upgrade` when it had that token.
 *
 * Names are matched in any letter case; the names kept keep their case and their values.
 * Works on response headers (a proxied response) and on request headers alike: a proxy built
 * on a client that sets headers after creating its request (superagent's `.set()`) should
 * forward its client's request headers through this function.
 *
 * @param headers Header fields, e.g. `IncomingMessage#headers` or an `OutgoingHttpHeaders` object.
 * @param options See {@link HopByHopOptions}.
 * @returns A new object of the same shape, without the hop-by-hop fields.
 *
 * @example
 * ```ts
 * stripHopByHopHeaders({ connection: 'keep-alive, x-hop', 'keep-alive': 'timeout=5', 'x-hop': '1', etag: '"a"' });
 * // => { etag: '"a"' }
 * ```
 */
function stripHopByHopHeaders(headers, options = {}) {
    const connection = valuesOf(headers, 'connection');
    const names = namesToRemove(connection, options);
    const keepUpgradeToken = options.upgrade === true && connectionTokens(connection).includes('upgrade');
    const out = {};
    for (const key of Object.keys(headers)) {
        const lower = key.toLowerCase();
        if (lower === 'connection' && keepUpgradeToken)
            out[key] = 'upgrade';
        else if (!names.has(lower))
            out[key] = headers[key];
    }
    return out;
}
/** Marks a response whose `writeHead` already strips hop-by-hop fields (a second call adds nothing). */
const kStripping = Symbol('upstream-keepalive.hopByHop');
/** Removes the hop-by-hop fields named in `names` from a `writeHead` header argument. */
function stripArgument(headers, names) {
    if (headers === undefined || headers === null)
        return headers;
    if (!Array.isArray(headers)) {
        const out = {};
        for (const [key, value] of Object.entries(headers)) {
            if (!names.has(key.toLowerCase()))
                out[key] = value;
        }
        return out;
    }
    if (headers.length > 0 && Array.isArray(headers[0])) {
        return headers.filter(([key]) => !names.has(String(key).toLowerCase()));
    }
    // Flat [name, value, name, value, ...]: kept as a list so repeated fields (Set-Cookie) stay separate.
    const flat = headers;
    const out = [];
    for (let i = 0; i + 1 < flat.length; i += 2) {
        if (!names.has(String(flat[i]).toLowerCase()))
            out.push(flat[i], flat[i + 1]);
    }
    return out;
}
/** The fields of a `Connection` header in a `writeHead` header argument, for its tokens. */
function connectionInArgument(headers) {
    if (headers === undefined || headers === null)
        return [];
    if (!Array.isArray(headers))
        return valuesOf(headers, 'connection');
    const values = [];
    if (headers.length > 0 && Array.isArray(headers[0])) {
        for (const [key, value] of headers) {
            if (String(key).toLowerCase() === 'connection')
                values.push(value);
        }
        return values;
    }
    const flat = headers;
    for (let i = 0; i + 1 < flat.length; i += 2) {
        if (String(flat[i]).toLowerCase() === 'connection')
            values.push(flat[i + 1]);
    }
    return values;
}
/** The `Connection` values the upstream sent, from the raw header list (which `http-proxy` does not edit). */
function upstreamConnection(proxyRes) {
    const values = [];
    const raw = proxyRes.rawHeaders ?? [];
    for (let i = 0; i + 1 < raw.length; i += 2) {
        if (raw[i].toLowerCase() === 'connection')
            values.push(raw[i + 1]);
    }
    return values;
}
/**
 * A listener for `http-proxy`'s `proxyRes` event (and `http-proxy-middleware`'s
 * `on: { proxyRes }`, or its v2 `onProxyRes` option) that keeps the upstream's hop-by-hop
 * header fields out of the response the proxy sends to its client.
 *
 * ```ts
 * const proxy = httpProxy.createProxyServer({ target, agent: new HttpAgent() });
 * proxy.on('proxyRes', onProxyRes);
 * ```
 *
 * `http-proxy` copies every upstream header to its client, `Connection` and `Keep-Alive`
 * included. A client that sent `Connection: close` then gets `Connection: keep-alive`, and
 * Node's server, obeying the header it was given, keeps the connection open: a client that
 * reads until the connection closes stalls. The upstream's `Keep-Alive: timeout=N` describes
 * the proxy's upstream connection, not the client's, which the proxy's server may close
 * sooner (the client's next request then races that close). When this package closes an
 * upstream connection after its last request (`maxRequestsPerSocket`), the upstream's
 * `Connection: close` would close the client's connection too.
 *
 * What it does: just before the response's header is written (`res.writeHead`, which Node
 * also calls for an implicit header), it removes the fields of {@link stripHopByHopHeaders}
 * (the fixed list and every field a `Connection` token names, from the upstream's
 * `Connection` as received and from the response's own) from the response to the client.
 * Node's server then writes its own `Connection` for its client: `keep-alive` with its own
 * `Keep-Alive: timeout=` (`server.keepAliveTimeout`), or `close` when the client asked for it
 * or its HTTP version requires it, exactly as for a response it made itself.
 * `Transfer-Encoding` is kept (see {@link HopByHopOptions.removeTransferEncoding}).
 *
 * Why not at once, on `proxyRes.headers`: other `proxyRes` listeners may read it, and
 * `http-proxy` writes its client's `Connection` into it when the upstream sent none. (This
 * package's agent does not depend on it: it reads the upstream's answer as received.)
 *
 * Removing `Connection` with Node's `removeHeader` would also tell Node to send no
 * `Connection` at all; the listener restores Node's `_removedConnection` flag so that Node
 * writes its own.
 *
 * @param proxyRes The upstream's response (`http-proxy` passes it first).
 * @param _req The client's request (unused; in the signature so the function is the listener).
 * @param res The response to the proxy's client. If its header is already written, nothing is done.
 */
function onProxyRes(proxyRes, _req, res) {
    const target = res;
    if (target.headersSent || target[kStripping] === true)
        return;
    target[kStripping] = true;
    const fromUpstream = upstreamConnection(proxyRes);
    const writeHead = target.writeHead;
    // Node's writeHead(statusCode[, statusMessage][, headers]); its _implicitHeader calls this.writeHead too.
    const strippingWriteHead = function (...args) {
        const headersAt = typeof args[1] === 'string' ? 2 : 1;
        const argument = args[headersAt];
        const names = namesToRemove([...fromUpstream, this.getHeader('connection'), ...connectionInArgument(argument)], {});
        for (const name of this.getHeaderNames()) {
            if (!names.has(name))
                continue;
            const removedConnection = this._removedConnection;
            this.removeHeader(name);
            if (name === 'connection')
                this._removedConnection = removedConnection;
        }
        if (argument !== undefined)
            args[headersAt] = stripArgument(argument, names);
        return writeHead.apply(this, args);
    };
    target.writeHead = strippingWriteHead;
}
//# sourceMappingURL=hop-by-hop.js.map