/**
 * The reuse-race retry for node-fetch. node-fetch turns a request error into a `FetchError`
 * that keeps neither the request nor the original error, so {@link isRetryableReuseError}
 * cannot judge it from the error alone. The helpers here give node-fetch an `agent` function
 * that remembers the requests of one `fetch()` call, and judge a failure from those requests
 * by the same rule.
 * @module
 */
import type { Agent, ClientRequest } from 'node:http';
/**
 * What node-fetch's `agent` option takes: an agent, or a function that picks one for the URL
 * of each request (redirects included), e.g. `HttpAgent` for `http:` and `HttpsAgent` for
 * `https:`. `undefined` from the function means Node's global agent, as in node-fetch.
 */
export type NodeFetchAgentOption = Agent | ((parsedURL: URL) => Agent | undefined);
/** Follows the requests of **one** node-fetch call; made by {@link trackNodeFetch}. */
export interface NodeFetchTracker {
    /**
     * Pass this as node-fetch's `agent` option (for this one call). It returns the agent the
     * tracker was made with, and remembers the request node-fetch creates with it.
     */
    readonly agent: (parsedURL: URL) => Agent | undefined;
    /** The requests the call sent so far, in order (more than one when it followed redirects). */
    readonly requests: readonly ClientRequest[];
    /**
     * True when the call's rejection `err` may safely be retried: `err` is node-fetch's
     * `FetchError` of type `'system'` for the call's last request, that request and its
     * original Node error pass {@link isRetryableReuseError} (a reused socket, no response,
     * idempotent or with an `Idempotency-Key`, a connection-level error), and every earlier
     * request of the call (the redirects that led to it) was idempotent too, because a retry
     * sends them again.
     */
    isRetryable(err: unknown): boolean;
}
/**
 * A tracker for one node-fetch call. Make a new one for every call (and for every retry):
 * it judges the requests of the call it was passed to.
 *
 * @param agent The agent (or the function that picks one per URL) the call would have used.
 * @returns The tracker: pass `tracker.agent` as node-fetch's `agent`, then judge a rejection
 * with `tracker.isRetryable(err)`.
 *
 * @example
 * ```ts
 * import fetch from 'node-fetch';
 * import { HttpAgent, trackNodeFetch } from 'upstream-keepalive';
 *
 * const agent = new HttpAgent();
 * async function get(url: string) {
 *   const first = trackNodeFetch(agent);
 *   try {
 *     return await fetch(url, { agent: first.agent });
 *   } catch (err) {
 *     if (!first.isRetryable(err)) throw err;
 *     return fetch(url, { agent }); // once, through the same agent: a new connection
 *   }
 * }
 * ```
 */
export declare function trackNodeFetch(agent: NodeFetchAgentOption): NodeFetchTracker;
/** The `init` fields {@link withNodeFetchReuseRetry} reads or sets. */
export interface NodeFetchInitLike {
    /** node-fetch's `agent`: set by the wrapper on every call. */
    agent?: unknown;
    /** node-fetch's `body`: read to decide whether the call can be sent again. */
    body?: unknown;
}
/**
 * Wraps node-fetch's `fetch` so that a call that failed only because the server closed the
 * kept-alive connection it was sent on (see {@link isRetryableReuseError}) is sent **once**
 * more, through the same agent, which opens or takes another connection. Any other failure,
 * and the retry's own failure, reaches the caller unchanged. A call whose body cannot be
 * replayed (a stream, an async iterable, `FormData`, or a `Request` with a body) is never
 * retried.
 *
 * The wrapper sets `agent` on every call (`init.agent` is not taken), so a rejection can be
 * traced to its request.
 *
 * @param fetch node-fetch's default export (node-fetch 3, or 2).
 * @param agent The agent, or a function that picks one per URL.
 * @returns A function with `fetch`'s parameters, less `agent`.
 *
 * @example
 * ```ts
 * import nodeFetch from 'node-fetch';
 * import { HttpAgent, HttpsAgent, withNodeFetchReuseRetry } from 'upstream-keepalive';
 *
 * const http = new HttpAgent();
 * const https = new HttpsAgent();
 * const fetch = withNodeFetchReuseRetry(nodeFetch, (url) => (url.protocol === 'https:' ? https : http));
 * const res = await fetch('https://api.internal/items');
 * ```
 */
export declare function withNodeFetchReuseRetry<U, I extends NodeFetchInitLike, R>(fetch: (url: U, init?: I) => Promise<R>, agent: NodeFetchAgentOption): (url: U, init?: Omit<I, 'agent'>) => Promise<R>;
//# sourceMappingURL=node-fetch-retry.d.ts.map