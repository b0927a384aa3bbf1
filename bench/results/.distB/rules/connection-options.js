"use strict";
/**
 * The `Connection` header's options, as the `stripConnectionClose` rule reads them (NGINX's
 * `proxy_set_header Connection ""`; RFC 9110 §7.6.1): whether a value asks to close, and the
 * fields it names, which go with it. Plain strings: each front-end applies them to its own
 * request headers.
 * @module
 */
Object.defineProperty(exports, "__esModule", { value: true });
exports.hasConnectionToken = hasConnectionToken;
exports.asksToClose = asksToClose;
exports.namedFields = namedFields;
const TOKEN_PATTERNS = {
    close: /(?:^|,)[ \t]*close[ \t]*(?:,|$)/i,
    upgrade: /(?:^|,)[ \t]*upgrade[ \t]*(?:,|$)/i,
};
/**
 * True when a `Connection` header value has the token (`close` or `upgrade`),
 * case-insensitive, in a comma-separated list. Allocation-free for a string value.
 */
function hasConnectionToken(value, token) {
    if (value === undefined || typeof value === 'number')
        return false;
    const pattern = TOKEN_PATTERNS[token];
    if (typeof value === 'string')
        return value.length >= token.length && pattern.test(value);
    return value.some((v) => pattern.test(v));
}
/** A `Connection` value (a string, or a list of them) that asks to close and is not an upgrade. */
function asksToClose(value) {
    const v = Array.isArray(value) ? value.map(String) : typeof value === 'string' ? value : undefined;
    return v !== undefined && hasConnectionToken(v, 'close') && !hasConnectionToken(v, 'upgrade');
}
/**
 * Fields never removed although a stripped `Connection` header names them: the request's
 * framing (`Content-Length`, `Transfer-Encoding`) and target (`Host`) were settled by the
 * caller's code, which writes the body accordingly, and a client acts on `Expect` (it waits for
 * `100 Continue`). No legitimate client names them as connection options (RFC 9110 §7.6.1: a
 * field meant for every recipient is never one).
 */
const NEVER_DROPPED = new Set(['connection', 'host', 'content-length', 'transfer-encoding', 'expect', 'upgrade']);
/** A field name (RFC 9110 §5.1: a token), lower-case. */
const TOKEN = /^[!#$%&'*+.^_`|~0-9a-z-]+$/;
/**
 * The field names a `Connection` value lists as connection options, lower-case, without
 * `close` and `keep-alive` (options, not fields here: `Keep-Alive` is removed anyway), without
 * the fields never dropped, and without anything that is not a field name.
 */
function namedFields(value) {
    const text = Array.isArray(value) ? value.join(',') : typeof value === 'string' ? value : '';
    const names = [];
    for (const part of text.split(',')) {
        const name = part.trim().toLowerCase();
        if (name === 'close' || name === 'keep-alive' || NEVER_DROPPED.has(name) || !TOKEN.test(name))
            continue;
        if (!names.includes(name))
            names.push(name);
    }
    return names;
}
//# sourceMappingURL=connection-options.js.map