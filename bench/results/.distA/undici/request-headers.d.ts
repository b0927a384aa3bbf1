/** undici's request headers. */
export type DispatchHeaders = Readonly<Record<string, unknown>> | readonly unknown[] | Iterable<readonly [string, unknown]> | null | undefined;
/** What one pass over a request's headers found. */
export interface HeaderScan {
    /** A `Connection` header asking to close (and not an upgrade). */
    close: boolean;
    /** A `Keep-Alive` header (which undici refuses). */
    keepAlive: boolean;
    /** The `Host` header, if the caller set one. */
    host: string | undefined;
}
/** True for an iterable of pairs (a `Map`, `Headers`, a generator): anything iterable that is not an array. */
export declare function isPairs(headers: object): headers is Iterable<readonly [string, unknown]>;
/** An iterable of pairs as a flat `[name, value, ...]` array (an iterator may be single-use: it is read once, here). */
export declare function flatten(headers: Iterable<readonly [string, unknown]>): unknown[];
/**
 * Reads the headers once: a `Connection: close`, a `Keep-Alive` header, and the `Host` header.
 * The result object is reused: read it at once.
 */
export declare function scanHeaders(headers: DispatchHeaders): HeaderScan;
/**
 * The headers as a flat `[name, value, ...]` array without the caller's `Connection: close`,
 * the fields it names (RFC 9110 §7.6.1; never `Host`, `Content-Length`, `Transfer-Encoding`,
 * `Expect`), and any `Keep-Alive` header: what the agents strip. undici writes its own
 * `connection: keep-alive`.
 */
export declare function strippedHeaders(headers: DispatchHeaders): unknown[];
//# sourceMappingURL=request-headers.d.ts.map