"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.parseKeepAliveTimeout = parseKeepAliveTimeout;
exports.keepAliveHintOf = keepAliveHintOf;
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
function parseKeepAliveTimeout(header) {
    if (header === undefined)
        return undefined;
    const value = Array.isArray(header) ? header.join(',') : header;
    const match = /(?:^|[,;\s])timeout\s*=\s*"?(\d{1,10})"?\s*(?:$|[,;\s])/i.exec(value);
    return match ? Number(match[1]) : undefined;
}
/**
 * The `Keep-Alive` timeout hint (seconds) as the server sent it: read from the response's raw
 * header list, which code that edits `res.headers` (a proxy removing hop-by-hop headers before
 * it forwards them) leaves intact. The first `Keep-Alive` field with a timeout wins. With a
 * `memo`, a value equal to the last one is not parsed again.
 */
function keepAliveHintOf(rawHeaders, memo) {
    for (let i = 0; i < rawHeaders.length; i += 2) {
        const name = rawHeaders[i];
        if (name.length !== 10 || !isKeepAliveName(name))
            continue;
        const value = rawHeaders[i + 1];
        let hint;
        if (memo !== undefined && memo.hintHeader === value)
            hint = memo.hintOfHeader;
        else {
            hint = parseKeepAliveTimeout(value);
            if (memo !== undefined) {
                memo.hintHeader = value;
                memo.hintOfHeader = hint;
            }
        }
        if (hint !== undefined)
            return hint;
    }
    return undefined;
}
const KEEP_ALIVE = 'keep-alive';
/** `name` (10 characters) is `Keep-Alive` in any case, compared without allocating a lower-case copy. */
function isKeepAliveName(name) {
    for (let j = 0; j < 10; j++) {
        let c = name.charCodeAt(j);
        if (c >= 65 && c <= 90)
            c |= 0x20;
        if (c !== KEEP_ALIVE.charCodeAt(j))
            return false;
    }
    return true;
}
//# sourceMappingURL=keep-alive-header.js.map