import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';

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
export const HOP_BY_HOP_HEADERS: readonly string[] = Object.freeze([
  'connection',
  'keep-alive',
  'proxy-connection',
  'te',
  'trailer',
  'upgrade',
]);

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
export type HeaderRecord = { [name: string]: HeaderValue };

/** The tokens of `Connection` header values, lower case. */
function connectionTokens(values: readonly HeaderValue[]): string[] {
  const tokens: string[] = [];
  for (const value of values) {
    if (value === undefined) continue;
    const text = Array.isArray(value) ? value.join(',') : String(value);
    for (const part of text.split(',')) {
      const token = part.trim().toLowerCase();
      if (token !== '') tokens.push(token);
    }
  }
  return tokens;
}

/**
 * The lower-case names to remove, given the `Connection` values in play: the fixed list, and
 * every field a `Connection` token names, minus what `options` keeps.
 */
function namesToRemove(connectionValues: readonly HeaderValue[], options: HopByHopOptions): Set<string> {
  const names = new Set<string>(HOP_BY_HOP_HEADERS);
  for (const token of connectionTokens(connectionValues)) names.add(token);
  if (options.upgrade === true) names.delete('upgrade');
  if (options.removeTransferEncoding === true) names.add('transfer-encoding');
  else names.delete('transfer-encoding');
  return names;
}

/** The values of every key of `headers` that is `name` in any letter case. */
function valuesOf(headers: HeaderRecord, name: string): HeaderValue[] {
  const values: HeaderValue[] = [];
  for (const key of Object.keys(headers)) {
    if (key.toLowerCase() === name) values.push(headers[key]);
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
export function stripHopByHopHeaders<T extends HeaderRecord>(headers: T, options: HopByHopOptions = {}): T {
  const connection = valuesOf(headers, 'connection');
  const names = namesToRemove(connection, options);
  const keepUpgradeToken = options.upgrade === true && connectionTokens(connection).includes('upgrade');
  const out: HeaderRecord = {};
  for (const key of Object.keys(headers)) {
    const lower = key.toLowerCase();
    if (lower === 'connection' && keepUpgradeToken) out[key] = 'upgrade';
    else if (!names.has(lower)) out[key] = headers[key];
  }
  return out as T;
}

/** Node's `ServerResponse` field behind `removeHeader('connection')`; see {@link onProxyRes}. */
type ResponseInternals = ServerResponse & { _removedConnection?: boolean };

/** Marks a response whose `writeHead` already strips hop-by-hop fields (a second call adds nothing). */
const kStripping: unique symbol = Symbol('upstream-keepalive.hopByHop');

/** `writeHead`'s header argument, in the forms Node accepts. */
type WriteHeadHeaders = OutgoingHttpHeaders | readonly (string | number | readonly string[])[] | readonly (readonly [string, HeaderValue])[];

/** Removes the hop-by-hop fields named in `names` from a `writeHead` header argument. */
function stripArgument(headers: WriteHeadHeaders | undefined, names: ReadonlySet<string>): WriteHeadHeaders | undefined {
  if (headers === undefined || headers === null) return headers;
  if (!Array.isArray(headers)) {
    const out: OutgoingHttpHeaders = {};
    for (const [key, value] of Object.entries(headers as OutgoingHttpHeaders)) {
      if (!names.has(key.toLowerCase())) out[key] = value;
    }
    return out;
  }
  if (headers.length > 0 && Array.isArray(headers[0])) {
    return (headers as readonly (readonly [string, HeaderValue])[]).filter(([key]) => !names.has(String(key).toLowerCase()));
  }
  // Flat [name, value, name, value, ...]: kept as a list so repeated fields (Set-Cookie) stay separate.
  const flat = headers as readonly (string | number | readonly string[])[];
  const out: (string | number | readonly string[])[] = [];
  for (let i = 0; i + 1 < flat.length; i += 2) {
    if (!names.has(String(flat[i]).toLowerCase())) out.push(flat[i]!, flat[i + 1]!);
  }
  return out;
}

/** The fields of a `Connection` header in a `writeHead` header argument, for its tokens. */
function connectionInArgument(headers: WriteHeadHeaders | undefined): HeaderValue[] {
  if (headers === undefined || headers === null) return [];
  if (!Array.isArray(headers)) return valuesOf(headers as HeaderRecord, 'connection');
  const values: HeaderValue[] = [];
  if (headers.length > 0 && Array.isArray(headers[0])) {
    for (const [key, value] of headers as readonly (readonly [string, HeaderValue])[]) {
      if (String(key).toLowerCase() === 'connection') values.push(value);
    }
    return values;
  }
  const flat = headers as readonly HeaderValue[];
  for (let i = 0; i + 1 < flat.length; i += 2) {
    if (String(flat[i]).toLowerCase() === 'connection') values.push(flat[i + 1]);
  }
  return values;
}

/** The `Connection` values the upstream sent, from the raw header list (which `http-proxy` does not edit). */
function upstreamConnection(proxyRes: IncomingMessage): string[] {
  const values: string[] = [];
  const raw = proxyRes.rawHeaders ?? [];
  for (let i = 0; i + 1 < raw.length; i += 2) {
    if (raw[i]!.toLowerCase() === 'connection') values.push(raw[i + 1]!);
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
export function onProxyRes(proxyRes: IncomingMessage, _req: IncomingMessage, res: ServerResponse): void {
  const target = res as ResponseInternals & { [kStripping]?: true };
  if (target.headersSent || target[kStripping] === true) return;
  target[kStripping] = true;
  const fromUpstream = upstreamConnection(proxyRes);
  const writeHead = target.writeHead;
  // Node's writeHead(statusCode[, statusMessage][, headers]); its _implicitHeader calls this.writeHead too.
  const strippingWriteHead = function (this: ResponseInternals, ...args: unknown[]): ServerResponse {
    const headersAt = typeof args[1] === 'string' ? 2 : 1;
    const argument = args[headersAt] as WriteHeadHeaders | undefined;
    const names = namesToRemove([...fromUpstream, this.getHeader('connection'), ...connectionInArgument(argument)], {});
    for (const name of this.getHeaderNames()) {
      if (!names.has(name)) continue;
      const removedConnection = this._removedConnection;
      this.removeHeader(name);
      if (name === 'connection') this._removedConnection = removedConnection;
    }
    if (argument !== undefined) args[headersAt] = stripArgument(argument, names);
    return (writeHead as (...a: unknown[]) => ServerResponse).apply(this, args);
  };
  target.writeHead = strippingWriteHead as ServerResponse['writeHead'];
}
