/**
 * When a TLS session stops being worth offering: read from the session itself. Node's
 * `'session'` event gives the session as OpenSSL's DER encoding (`SSL_SESSION_ASN1`), which
 * holds the time it was made (`[1]`), its timeout (`[2]`, for TLS 1.3 the ticket lifetime) and
 * the ticket lifetime the server announced (`[9]`, `ticket_lifetime_hint`). Node exposes no
 * other way to read them.
 * @module
 */
/**
 * The wall-clock time (ms since the epoch) after which the server will no longer resume the
 * session: made at + min(timeout, ticket lifetime hint). `undefined` when the session cannot
 * be read (a future OpenSSL encoding): the caller then keeps it until replaced or rejected.
 */
export declare function sessionExpiresAt(wrapped: Uint8Array): number | undefined;
//# sourceMappingURL=session-expiry.d.ts.map