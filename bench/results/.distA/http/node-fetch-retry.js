"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.trackNodeFetch = trackNodeFetch;
exports.withNodeFetchReuseRetry = withNodeFetchReuseRetry;
const retry_1 = require("./retry");
/** The request being created synchronously after the `agent` function returned, per agent. */
const pendingCapture = new WeakMap();
/**
 * Hands the next request added to `agent` to `onRequest`. node-fetch calls its `agent`
 * function and then, synchronously, `http.request()`, whose `ClientRequest` constructor calls
 * `agent.addRequest()`: so the next `addRequest` on that agent is this call's request. The
 * agent's `addRequest` is wrapped by an own property for that one call; the property is
 * removed at the first `addRequest`, or at the end of the current job (a microtask) if
 * node-fetch made no request (a `data:` URL), whichever comes first. The agent's
 * prototype, and every other request, are never touched.
 */
function captureNextRequest(agent, onRequest) {
    const armed = pendingCapture.has(agent);
    pendingCapture.set(agent, onRequest);
    if (armed)
        return;
    const hadOwn = Object.prototype.hasOwnProperty.call(agent, 'addRequest');
    const previous = agent.addRequest;
    const restore = () => {
        if (!pendingCapture.has(agent))
            return;
        pendingCapture.delete(agent);
        if (hadOwn)
            agent.addRequest = previous;
        else
            delete agent.addRequest;
    };
    agent.addRequest = function addRequest(req, ...rest) {
        const callback = pendingCapture.get(agent);
        restore();
        callback?.(req);
        Reflect.apply(previous, this, [req, ...rest]); // every calling form, forwarded intact
    };
    queueMicrotask(restore);
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
function trackNodeFetch(agent) {
    const requests = [];
    const errors = new WeakMap();
    const record = (req) => {
        requests.push(req);
        // The original error: node-fetch keeps only its message and code, not its system call.
        req.on('error', (e) => {
            if (!errors.has(req))
                errors.set(req, e);
        });
    };
    return {
        agent: (parsedURL) => {
            const chosen = typeof agent === 'function' ? agent(parsedURL) : agent;
            if (chosen !== undefined)
                captureNextRequest(chosen, record);
            return chosen;
        },
        requests,
        isRetryable(err) {
            if (typeof err !== 'object' || err === null)
                return false;
            const { type, code } = err;
            if (type !== 'system')
                return false;
            const last = requests[requests.length - 1];
            if (last === undefined)
                return false;
            const original = errors.get(last);
            if (original === undefined || original.code !== code)
                return false;
            if (!requests.slice(0, -1).every(retry_1.isIdempotentRequest))
                return false;
            return (0, retry_1.isRetryableReuseError)(original, last);
        },
    };
}
/**
 * True when a fetch body can be sent a second time: none, a string, bytes, `URLSearchParams`
 * or a `Blob`. A stream, an async iterable or `FormData` is not replayed.
 */
function isReplayableBody(body) {
    return (body === undefined ||
        body === null ||
        typeof body === 'string' ||
        body instanceof ArrayBuffer ||
        ArrayBuffer.isView(body) ||
        body instanceof URLSearchParams ||
        body instanceof Blob);
}
/** A node-fetch `Request` passed as the resource: replayable only without a body. */
function isReplayableResource(resource) {
    if (typeof resource !== 'object' || resource === null || resource instanceof URL)
        return true;
    return !('body' in resource) || resource.body === null || resource.body === undefined;
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
function withNodeFetchReuseRetry(fetch, agent) {
    const attempt = (url, init, tracker) => fetch(url, { ...init, agent: tracker.agent });
    return async (url, init) => {
        const first = trackNodeFetch(agent);
        try {
            return await attempt(url, init, first);
        }
        catch (err) {
            const replayable = isReplayableResource(url) && isReplayableBody(init?.body);
            if (!replayable || !first.isRetryable(err))
                throw err;
            return attempt(url, init, trackNodeFetch(agent));
        }
    };
}
//# sourceMappingURL=node-fetch-retry.js.map