/**
 * Deciding when a failed request may be sent again: the one failure a keepalive pool cannot
 * rule out is the server closing an idle connection at the moment the client reuses it.
 * @module
 */
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
export declare function isRetryableReuseError(err: unknown, req?: unknown): boolean;
//# sourceMappingURL=retry.d.ts.map