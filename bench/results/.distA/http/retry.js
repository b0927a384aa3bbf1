"use strict";
/**
 * Deciding when a failed request may be sent again: the one failure a keepalive pool cannot
 * rule out is the server closing an idle connection at the moment the client reuses it.
 * @module
 */
Object.defineProperty(exports, "__esModule", { value: true });
exports.noteReuseFailure = noteReuseFailure;
exports.isIdempotentRequest = isIdempotentRequest;
exports.isRetryableReuseError = isRetryableReuseError;
/** Methods that RFC 9110 §9.2.2 defines as idempotent. */
const IDEMPOTENT_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE', 'PUT', 'DELETE']);
/**
 * Error codes of a connection that went away under the request: the system's, and undici's
 * `UND_ERR_SOCKET` (its `SocketError`: "other side closed", "closed"), which is how undici
 * reports a connection the server closed or reset under a request.
 */
const CONNECTION_ERROR_CODES = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'UND_ERR_SOCKET']);
/**
 * Errors that a front-end without a request object to inspect (the undici dispatcher) saw fail
 * a request on a reused connection before any byte of the response: the error, with whether
 * that request may be sent twice. Weak: an error forgotten by its holder is forgotten here.
 */
const reuseFailures = new WeakMap();
/**
 * Records that `err` failed a request on a reused connection before any byte of its response
 * arrived, and whether that request was idempotent (or carried an `Idempotency-Key`); only a
 * connection-level error (see {@link isRetryableReuseError}) is recorded.
 * @internal
 */
function noteReuseFailure(err, idempotent) {
    if (isObject(err) && connectionError(err) !== undefined)
        reuseFailures.set(err, { idempotent });
}
/** What was recorded of `err` or of its cause (fetch() wraps the dispatcher's error as `cause`). */
function recordedReuseFailure(err) {
    for (let e = err, depth = 0; isObject(e) && depth < 2; e = e.cause, depth++) {
        const found = reuseFailures.get(e);
        if (found !== undefined)
            return found;
    }
    return undefined;
}
function isObject(value) {
    return typeof value === 'object' && value !== null;
}
/**
 * What the error says about the connection: `'reset'` for a connection-level error code,
 * `'hangup'` for Node's `socket hang up` (which carries no system call), `undefined` otherwise.
 */
function connectionError(err) {
    // The error and its cause (axios and got wrap Node's error): the innermost one speaks first.
    const chain = [];
    for (let e = err; isObject(e) && chain.length < 2; e = e.cause)
        chain.unshift(e);
    for (const { code, message, syscall } of chain) {
        if (message === 'socket hang up')
            return 'hangup';
        if (typeof code === 'string' && CONNECTION_ERROR_CODES.has(code))
            return syscall === undefined && code === 'ECONNRESET' ? 'hangup' : 'reset';
    }
    return undefined;
}
/** The request's method, for Node's `ClientRequest` (`method`) or got's `Request` (`options.method`). */
function methodOf(req) {
    if (typeof req.method === 'string')
        return req.method.toUpperCase();
    const options = req.options;
    if (isObject(options) && typeof options.method === 'string')
        return options.method.toUpperCase();
    return undefined;
}
/** True when the request carries a non-empty `Idempotency-Key` header. */
function hasIdempotencyKey(req) {
    let value;
    if (typeof req.getHeader === 'function') {
        value = req.getHeader.call(req, 'idempotency-key');
    }
    else if (isObject(req.options) && isObject(req.options.headers)) {
        const headers = req.options.headers;
        value = headers['idempotency-key'] ?? Object.entries(headers).find(([k]) => k.toLowerCase() === 'idempotency-key')?.[1];
    }
    if (Array.isArray(value))
        return value.some((v) => String(v).length > 0);
    return (typeof value === 'string' && value.length > 0) || typeof value === 'number';
}
/** A request given with an undici error: its method, when it has one, must be idempotent too. */
function isIdempotentOrUnknown(req) {
    return methodOf(req) === undefined || isIdempotentRequest(req);
}
/**
 * True when `req` may be sent twice: its method is idempotent (RFC 9110 §9.2.2) or it carries
 * a non-empty `Idempotency-Key` header. Accepts the same request shapes as
 * {@link isRetryableReuseError}; anything else gives `false`.
 * @internal
 */
function isIdempotentRequest(req) {
    if (!isObject(req))
        return false;
    let r = req;
    if (isObject(r._currentRequest))
        r = r._currentRequest;
    const method = methodOf(r);
    if (method === undefined)
        return false;
    return IDEMPOTENT_METHODS.has(method) || hasIdempotencyKey(r);
}
/**
 * True when a failed request may safely be sent again because it most likely failed only
 * because the server closed a kept-alive connection just as the request was written on it
 * (the server's idle timeout crossing the client's reuse: `ECONNRESET` / `socket hang up` on a
 * reused connection). All of these must hold:
 *
 * 1. the request went out on a **reused** socket (`req.reusedSocket`): a fresh connection
 *    cannot have been closed for idleness, so its failure is a real one;
 * 2. it failed **before any response** arrived (`req.res` unset: no response headers were
 *    received);
 * 3. it is **idempotent** (`GET`, `HEAD`, `OPTIONS`, `TRACE`, `PUT`, `DELETE`, RFC 9110
 *    §9.2.2) or carries a non-empty **`Idempotency-Key`** header;
 * 4. the error is **connection-level**: code `ECONNRESET`, `EPIPE`, `ECONNABORTED` or undici's
 *    `UND_ERR_SOCKET`, or Node's `socket hang up` (checked on the error and on its `cause`). A `socket hang up`
 *    counts only when the socket had received the server's FIN: Node reports a request the
 *    caller itself destroyed with the same error, and that one must not be retried.
 *
 * It is the rule HTTP clients such as browsers and NGINX (`proxy_next_upstream error`) apply
 * to requests on reused connections. Retry **once**, on a new attempt through the same agent
 * (the dead socket has left the pool, so the retry takes another socket or opens one); do not
 * retry requests whose body was a stream you cannot replay.
 *
 * `req` may be Node's `http.ClientRequest`, follow-redirects' `RedirectableRequest` (what
 * axios puts in `error.request`; its `_currentRequest` is used) or got's `Request` (what got
 * puts in `error.request`: `reusedSocket`, `response`, `options.method`, `options.headers`).
 * Anything else, `null` or `undefined` gives `false`. node-fetch's `FetchError` carries no
 * request: use {@link trackNodeFetch} or {@link withNodeFetchReuseRetry} for node-fetch.
 *
 * An error from `KeepAliveDispatcher` (`upstream-keepalive/undici`: `fetch()`, undici's
 * `request`, its retry interceptor) needs no request: the dispatcher saw the reuse, the first
 * response byte (none), and the method, and recorded them with the error; `fetch()`'s
 * `TypeError('fetch failed')` is recognised by its `cause`. Given with such an error, `req`
 * (the dispatch options, or a `Request`) is checked for an idempotent method too.
 *
 * @param err The error the request (or the library wrapping it) reported.
 * @param req The request that failed (optional for errors of `KeepAliveDispatcher`).
 * @returns true only when every condition above holds.
 *
 * @example
 * ```ts
 * req.on('error', (err) => {
 *   if (isRetryableReuseError(err, req)) sendAgain();
 *   else fail(err);
 * });
 * ```
 */
function isRetryableReuseError(err, req) {
    // An error of the undici dispatcher carries its own facts: it saw the reuse and the method.
    const recorded = recordedReuseFailure(err);
    if (recorded !== undefined)
        return recorded.idempotent && (req === undefined || req === null || !isObject(req) || isIdempotentOrUnknown(req));
    if (!isObject(req))
        return false;
    let r = req;
    if (isObject(r._currentRequest))
        r = r._currentRequest;
    if (r.reusedSocket !== true)
        return false;
    if ((r.res !== undefined && r.res !== null) || (r.response !== undefined && r.response !== null))
        return false;
    if (!isIdempotentRequest(r))
        return false;
    const kind = connectionError(err);
    if (kind === undefined)
        return false;
    if (kind === 'hangup') {
        // The server's FIN ended the socket; a request destroyed by its caller never saw one.
        const socket = r.socket;
        if (!isObject(socket) || socket.readableEnded !== true)
            return false;
    }
    return true;
}
//# sourceMappingURL=retry.js.map