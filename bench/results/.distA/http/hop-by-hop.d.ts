import type { IncomingMessage, ServerResponse } from 'node:http';
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
export declare const HOP_BY_HOP_HEADERS: readonly string[];
/** Options of {@link stripHopByHopHeaders}. Both default to `false`. */
export interface HopByHopOptions {
    /**
     * The exchange is a protocol upgrade (a `101 Switching Protocols` response, or the request
     * that asks for it): `Upgrade` is kept, and `Connection` is kept with its `upgrade` token
     * only (its other tokens, and the fields they name, are removed).
     *
     * Unit: boolean. Default: `false` (`Upgrade` is removed, as in any other exchange: an
     * upstream's `Upgrade: h2c` offer is about its connection to the proxy).
     */
    upgrade?: boolean;
    /**
     * Also remove `Transfer-Encoding`, including when a `Connection` token names it.
     *
     * Transfer-Encoding is hop-by-hop: RFC 9110 §7.6.1 says an intermediary should "remove or
     * replace" it "after applying [its] semantics". A proxy that **streams** the body, as
     * `http-proxy` does through Node's server, replaces it rather than removes it: Node's
     * client has undone the `chunked` framing, and Node's server frames the body again from
     * this very header (a `Transfer-Encoding` naming `chunked` set on a `ServerResponse` turns
     * its chunked encoding on), so the forwarded header describes the next hop truthfully.
     * Removing it would lose any coding other than `chunked` (in `gzip, chunked` the body is
     * still gzip-coded after Node's client removed the chunks) and leave the framing to Node's
     * defaults. Set this when the proxy does **not** stream the body as received: when it
     * buffers it and sets `Content-Length`, or rewrites it.
     *
     * Unit: boolean. Default: `false` (kept).
     */
    removeTransferEncoding?: boolean;
}
/** A header value as Node's incoming (`string | string[]`) or outgoing (`number` too) header objects hold it. */
/** One header value. */
export type HeaderValue = string | number | readonly string[] | undefined;
/** A header object: `IncomingHttpHeaders`, `OutgoingHttpHeaders`, or a plain record of header values. */
/** A header object, as `IncomingMessage#headers` or `OutgoingHttpHeaders`. */
export type HeaderRecord = {
    [name: string]: HeaderValue;
};
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
export declare function stripHopByHopHeaders<T extends HeaderRecord>(headers: T, options?: HopByHopOptions): T;
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
export declare function onProxyRes(proxyRes: IncomingMessage, _req: IncomingMessage, res: ServerResponse): void;
//# sourceMappingURL=hop-by-hop.d.ts.map