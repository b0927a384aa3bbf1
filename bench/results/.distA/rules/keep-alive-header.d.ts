/**
 * Reads the `timeout` parameter of a `Keep-Alive` response header (RFC 9112 §9.3 leaves it
 * to the historical `Keep-Alive: timeout=5, max=100` syntax): the number of seconds the
 * server keeps an idle connection open.
 *
 * Unlike Node's own agent (which only matches `timeout=` at the very start of the header),
 * parameters may come in any order, with any case and optional white space or quotes.
 *
 * @returns the timeout in seconds, or `undefined` when the header has no valid timeout.
 */
export declare function parseKeepAliveTimeout(header: string | string[] | undefined): number | undefined;
/**
 * The last `Keep-Alive` value a connection received and the hint read from it: a server sends
 * the same value on every response, so it is parsed once per connection, not once per response.
 */
export interface HintMemo {
    hintHeader: string | undefined;
    hintOfHeader: number | undefined;
}
/**
 * The `Keep-Alive` timeout hint (seconds) as the server sent it: read from the response's raw
 * header list, which code that edits `res.headers` (a proxy removing hop-by-hop headers before
 * it forwards them) leaves intact. The first `Keep-Alive` field with a timeout wins. With a
 * `memo`, a value equal to the last one is not parsed again.
 */
export declare function keepAliveHintOf(rawHeaders: readonly string[], memo?: HintMemo): number | undefined;
//# sourceMappingURL=keep-alive-header.d.ts.map