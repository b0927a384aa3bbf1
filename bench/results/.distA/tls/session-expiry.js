"use strict";
/**
 * When a TLS session stops being worth offering: read from the session itself. Node's
 * `'session'` event gives the session as OpenSSL's DER encoding (`SSL_SESSION_ASN1`), which
 * holds the time it was made (`[1]`), its timeout (`[2]`, for TLS 1.3 the ticket lifetime) and
 * the ticket lifetime the server announced (`[9]`, `ticket_lifetime_hint`). Node exposes no
 * other way to read them.
 * @module
 */
Object.defineProperty(exports, "__esModule", { value: true });
exports.sessionExpiresAt = sessionExpiresAt;
/**
 * Node 22.x (current releases), 24 and 26 hand out client sessions wrapped: the bytes
 * `"\0nodejs:tls:session:1\0"`, the servername's length (16-bit big-endian), the servername,
 * then OpenSSL's DER (`wrapSessionState` in lib/internal/tls/wrap.js). Node 20 hands out the DER.
 */
const NODE_SESSION_PREFIX = new TextEncoder().encode('\0nodejs:tls:session:1\0');
/** The DER encoding inside a session as Node gives it, wrapped or not. */
function derOf(session) {
    const p = NODE_SESSION_PREFIX;
    if (session.length < p.length + 2)
        return session;
    for (let i = 0; i < p.length; i++)
        if (session[i] !== p[i])
            return session;
    const nameLength = session[p.length] * 256 + session[p.length + 1];
    return session.subarray(p.length + 2 + nameLength);
}
/** Reads a DER length at `offset`: [length, bytes used], or undefined if malformed. */
function readLength(buf, offset) {
    const first = buf[offset];
    if (first === undefined)
        return undefined;
    if (first < 0x80)
        return [first, 1];
    const n = first & 0x7f;
    if (n === 0 || n > 4 || offset + n >= buf.length)
        return undefined;
    let len = 0;
    for (let i = 1; i <= n; i++)
        len = len * 256 + buf[offset + i];
    return [len, 1 + n];
}
/** Reads a small non-negative DER INTEGER wrapped in an explicit context tag's content. */
function readWrappedInteger(buf, start, end) {
    if (buf[start] !== 0x02)
        return undefined;
    const l = readLength(buf, start + 1);
    if (l === undefined)
        return undefined;
    const [len, used] = l;
    const from = start + 1 + used;
    if (len === 0 || len > 6 || from + len > end)
        return undefined;
    let value = 0;
    for (let i = from; i < from + len; i++)
        value = value * 256 + buf[i];
    return value;
}
/**
 * The wall-clock time (ms since the epoch) after which the server will no longer resume the
 * session: made at + min(timeout, ticket lifetime hint). `undefined` when the session cannot
 * be read (a future OpenSSL encoding): the caller then keeps it until replaced or rejected.
 */
function sessionExpiresAt(wrapped) {
    const session = derOf(wrapped);
    if (session[0] !== 0x30)
        return undefined;
    const outer = readLength(session, 1);
    if (outer === undefined)
        return undefined;
    const end = Math.min(session.length, 1 + outer[1] + outer[0]);
    let p = 1 + outer[1];
    let time;
    let timeout;
    let hint;
    while (p < end) {
        const tag = session[p];
        const l = readLength(session, p + 1);
        if (l === undefined)
            return undefined;
        const contentStart = p + 1 + l[1];
        const contentEnd = contentStart + l[0];
        if (tag === 0xa1)
            time = readWrappedInteger(session, contentStart, contentEnd);
        else if (tag === 0xa2)
            timeout = readWrappedInteger(session, contentStart, contentEnd);
        else if (tag === 0xa9)
            hint = readWrappedInteger(session, contentStart, contentEnd);
        p = contentEnd;
    }
    if (time === undefined || timeout === undefined)
        return undefined;
    const lifetime = hint !== undefined && hint > 0 ? Math.min(timeout, hint) : timeout;
    return (time + lifetime) * 1000;
}
//# sourceMappingURL=session-expiry.js.map